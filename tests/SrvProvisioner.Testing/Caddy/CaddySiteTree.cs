using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Caddy;

/// <summary>
/// A Caddy configuration made by a test in a temporary directory (<c>caddy/Caddyfile</c>, a
/// document root <c>www/</c>), served by a real caddy (Debian's <c>caddy</c> package) in the
/// foreground on a free loopback port, with its admin endpoint on another free loopback port
/// (never the machine's :2019) and HOME/XDG directories inside the temporary directory, so
/// nothing is written outside it. Texts may use <c>{PORT}</c>, <c>{ADMIN}</c>, <c>{WWW}</c>
/// and <c>{DIR}</c>. Reload is <c>caddy reload</c> through that admin endpoint.
/// </summary>
public sealed class CaddySiteTree : IAsyncDisposable
{
    private ServerProcess? _process;

    private CaddySiteTree(string directory, int port, int adminPort)
    {
        Directory = directory;
        Port = port;
        AdminPort = adminPort;
        Environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = Path.Combine(directory, "home"),
            ["XDG_DATA_HOME"] = Path.Combine(directory, "home", "data"),
            ["XDG_CONFIG_HOME"] = Path.Combine(directory, "home", "config"),
        };
    }

    public string Directory { get; }

    public int Port { get; }

    public int AdminPort { get; }

    /// <summary>The environment every caddy process of this tree runs with (give it to srvprov too).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public string ConfDirectory => Path.Combine(Directory, "caddy");

    public string MainFile => Path.Combine(ConfDirectory, "Caddyfile");

    public string Www => Path.Combine(Directory, "www");

    public string Output => _process?.Output ?? string.Empty;

    public static string FindCaddy()
    {
        foreach (var candidate in new[] { "/usr/bin/caddy", "/usr/local/bin/caddy", "/usr/sbin/caddy" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("caddy is not installed: run 'apt-get install -y caddy' (scripts/test.sh does this).");
    }

    /// <summary>Creates the tree (not started) with <paramref name="caddyfile"/> as the main file after the test's global options.</summary>
    public static CaddySiteTree Create(string sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var dir = System.IO.Directory.CreateTempSubdirectory("srvprov-caddy-tree-").FullName;
        var tree = new CaddySiteTree(dir, FreePort.Find(), FreePort.Find());
        foreach (var sub in new[] { "caddy", "www", "home" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(dir, sub));
        }

        tree.WriteFile("caddy/Caddyfile", "{\n\tadmin 127.0.0.1:{ADMIN}\n}\n\n" + sites);
        return tree;
    }

    /// <summary>Writes a file below the tree's directory, with the placeholders filled in.</summary>
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
        return text.Replace("{PORT}", Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{ADMIN}", AdminPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{WWW}", Www, StringComparison.Ordinal)
            .Replace("{DIR}", Directory, StringComparison.Ordinal);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(FindCaddy());
        foreach (var a in new[] { "run", "--adapter", "caddyfile", "--config", MainFile })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (name, value) in Environment)
        {
            psi.Environment[name] = value;
        }

        // The process owns no directory: the tree is removed by DisposeAsync after caddy stopped.
        _process = ServerProcess.Start(psi, Path.Combine(Directory, "no-such-dir"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"caddy exited with {_process.ExitCode}:\n{_process.Output}");
            }

            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(25, cancellationToken);
            }
        }

        throw new TimeoutException($"caddy did not listen on 127.0.0.1:{Port} within 20 s:\n{_process.Output}");
    }

    /// <summary><c>caddy reload</c>: returns once the admin endpoint has loaded the new configuration.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        var env = Environment.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
        var result = await ChildProcess.RunAsync(FindCaddy(), ["reload", "--adapter", "caddyfile", "--config", MainFile], env, TimeSpan.FromSeconds(30), Directory, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"caddy reload failed: {result.Stderr}");
        }
    }

    /// <summary>GET <paramref name="path"/> with Host <paramref name="host"/> on a new connection: status and body bytes.</summary>
    public async Task<(int Status, byte[] Body)> GetAsync(string host, string path, CancellationToken cancellationToken = default)
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{Port}{path}"));
        request.Headers.Host = host;
        request.Headers.ConnectionClose = true;
        using var response = await client.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a test machine's temp directory
        }
    }
}
