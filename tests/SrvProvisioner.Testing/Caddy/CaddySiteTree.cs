using System.Diagnostics;
using System.Globalization;
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
public sealed class CaddySiteTree : LiveSiteTree
{
    private CaddySiteTree(string directory, int port, int adminPort)
        : base(directory, port)
    {
        AdminPort = adminPort;
        Environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = Path.Combine(directory, "home"),
            ["XDG_DATA_HOME"] = Path.Combine(directory, "home", "data"),
            ["XDG_CONFIG_HOME"] = Path.Combine(directory, "home", "config"),
        };
    }

    protected override string ServerName => "caddy";

    public int AdminPort { get; }

    /// <summary>The environment every caddy process of this tree runs with (give it to srvprov too).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public string ConfDirectory => Path.Combine(Directory, "caddy");

    public string MainFile => Path.Combine(ConfDirectory, "Caddyfile");

    public string Www => Path.Combine(Directory, "www");

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

        await StartProcessAsync(psi, cancellationToken);
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
}
