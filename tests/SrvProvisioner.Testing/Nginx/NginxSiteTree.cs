using System.Diagnostics;
using System.Globalization;
using System.Text;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Nginx;

/// <summary>
/// A Debian-shaped nginx configuration tree made by a test in a temporary directory
/// (<c>nginx/nginx.conf</c> including <c>conf.d/*.conf</c> and <c>sites-enabled/*</c>,
/// site files in <c>sites-available/</c> linked from <c>sites-enabled/</c>, a document root
/// <c>www/</c>), served by a real nginx in the foreground on a free loopback port. Site texts
/// may use <c>{PORT}</c> and <c>{WWW}</c>. Reload is nginx's own (<c>-s reload</c>), waiting until
/// the old workers are gone, so the next request sees the new configuration.
/// </summary>
public sealed class NginxSiteTree : LiveSiteTree
{
    private NginxSiteTree(string directory, int port)
        : base(directory, port)
    {
    }

    protected override string ServerName => "nginx";

    protected override string Diagnostics => ErrorLog;

    public string ConfDirectory => Path.Combine(Directory, "nginx");

    public string MainFile => Path.Combine(ConfDirectory, "nginx.conf");

    public string Www => Path.Combine(Directory, "www");

    public string ErrorLog => File.Exists(Path.Combine(Directory, "error.log")) ? File.ReadAllText(Path.Combine(Directory, "error.log")) : string.Empty;

    /// <summary>Creates the tree (not started): the main file and empty include directories.</summary>
    public static NginxSiteTree Create()
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("srvprov-nginx-tree-").FullName;
        var tree = new NginxSiteTree(dir, FreePort.Find());
        foreach (var sub in new[] { "nginx/sites-available", "nginx/sites-enabled", "nginx/conf.d", "nginx/snippets", "www" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(dir, sub));
        }

        var user = Environment.UserName == "root" ? "user root;\n" : string.Empty;
        File.WriteAllText(tree.MainFile, $$"""
            {{user}}worker_processes 1;
            error_log {{dir}}/error.log notice;
            pid {{dir}}/nginx.pid;
            events { worker_connections 128; }
            http {
                access_log off;
                default_type application/octet-stream;
                client_body_temp_path {{dir}}/client_body;
                proxy_temp_path {{dir}}/proxy;
                fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi;
                scgi_temp_path {{dir}}/scgi;
                include conf.d/*.conf;
                include sites-enabled/*;
            }

            """);
        return tree;
    }

    /// <summary>Writes <c>sites-available/NAME</c> and links it from <c>sites-enabled/</c> (relative link, as Debian's tools make it).</summary>
    public string AddSite(string name, string text)
    {
        var available = WriteFile(Path.Combine("nginx", "sites-available", name), text);
        File.CreateSymbolicLink(Path.Combine(ConfDirectory, "sites-enabled", name), Path.Combine("..", "sites-available", name));
        return Path.Combine(ConfDirectory, "sites-enabled", name);
    }

    /// <summary>Writes a file below the tree's directory, with <c>{PORT}</c> and <c>{WWW}</c> filled in.</summary>
    public string WriteFile(string relative, string text)
    {
        var path = Path.Combine(Directory, relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Fill(text));
        return path;
    }

    public string Fill(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("{PORT}", Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("{WWW}", Www, StringComparison.Ordinal);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(NginxServer.FindNginx());
        foreach (var a in new[] { "-p", Directory + "/", "-c", MainFile, "-e", Path.Combine(Directory, "error.log"), "-g", "daemon off;" })
        {
            psi.ArgumentList.Add(a);
        }

        await StartProcessAsync(psi, cancellationToken);
    }

    /// <summary><c>nginx -s reload</c>, then waits until every worker of the old configuration has exited.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        var master = int.Parse(File.ReadAllText(Path.Combine(Directory, "nginx.pid")).Trim(), CultureInfo.InvariantCulture);
        var before = Workers(master);
        var result = await ChildProcess.RunAsync(NginxServer.FindNginx(), ["-p", Directory + "/", "-c", MainFile, "-s", "reload"], null, TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"nginx -s reload failed: {result.Stderr}");
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var now = Workers(master);
            if (now.Count > 0 && !now.Overlaps(before))
            {
                return;
            }

            await Task.Delay(25, cancellationToken);
        }

        throw new TimeoutException($"nginx did not replace its workers within 20 s after reload:\n{ErrorLog}");
    }

    private static HashSet<int> Workers(int master)
    {
        var path = $"/proc/{master}/task/{master}/children";
        var text = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        return [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
    }
}
