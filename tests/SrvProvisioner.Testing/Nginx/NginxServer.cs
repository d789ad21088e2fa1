using System.Diagnostics;
using System.Net;
using System.Text;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Nginx;

/// <summary>
/// A real nginx (Debian's <c>nginx</c> package) run as a child process in the foreground with
/// its own prefix directory, pid file and error log, serving the given <c>http {}</c> body on
/// loopback ports. Stopped and cleaned up on dispose. A missing nginx is a failure that says
/// how to install it.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private NginxServer(string directory, ServerProcess process)
    {
        Directory = directory;
        _process = process;
    }

    public string Directory { get; }

    public string ErrorLog
    {
        get
        {
            var path = Path.Combine(Directory, "error.log");
            return (File.Exists(path) ? File.ReadAllText(path) : string.Empty) + _process.Output;
        }
    }

    public static string FindNginx()
    {
        foreach (var candidate in new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("nginx is not installed: run 'apt-get install -y nginx' (scripts/test.sh does this).");
    }

    /// <summary>Starts nginx with <paramref name="httpBody"/> (given the prefix directory) and waits until every endpoint in <paramref name="listening"/> accepts.</summary>
    public static async Task<NginxServer> StartAsync(Func<string, string> httpBody, IReadOnlyList<IPEndPoint> listening, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(httpBody);
        ArgumentNullException.ThrowIfNull(listening);
        var nginx = FindNginx();
        var dir = System.IO.Directory.CreateTempSubdirectory("srvprov-nginx-").FullName;
        var user = Environment.UserName == "root" ? "user root;\n" : string.Empty;
        var conf = $$"""
            {{user}}worker_processes 1;
            error_log {{dir}}/error.log warn;
            pid {{dir}}/nginx.pid;
            events { worker_connections 512; }
            http {
                access_log off;
                client_body_temp_path {{dir}}/client_body;
                proxy_temp_path {{dir}}/proxy;
                fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi;
                scgi_temp_path {{dir}}/scgi;
            {{httpBody(dir)}}
            }

            """;
        var confPath = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(confPath, conf, cancellationToken);

        var psi = new ProcessStartInfo(nginx);
        foreach (var a in new[] { "-p", dir + "/", "-c", confPath, "-e", Path.Combine(dir, "error.log"), "-g", "daemon off;" })
        {
            psi.ArgumentList.Add(a);
        }

        var server = new NginxServer(dir, ServerProcess.Start(psi, dir));
        try
        {
            await server.WaitUntilListeningAsync(listening, cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private async Task WaitUntilListeningAsync(IReadOnlyList<IPEndPoint> endpoints, CancellationToken cancellationToken)
    {
        await _process.WaitUntilListeningAsync("nginx", endpoints, () => ErrorLog, TimeSpan.FromSeconds(20), cancellationToken);
    }
}
