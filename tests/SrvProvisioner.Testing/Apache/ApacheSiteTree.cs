using System.Diagnostics;
using System.Globalization;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Apache;

/// <summary>
/// A Debian-shaped Apache httpd configuration made by a test in a temporary directory
/// (<c>apache2/apache2.conf</c> with its own ServerRoot, PidFile, ErrorLog and a free loopback
/// Listen port, including <c>sites-enabled/*.conf</c>; site files in <c>sites-available/</c>
/// linked from <c>sites-enabled/</c>; a document root <c>www/</c>), served by Debian's
/// <c>apache2</c> in the foreground; never the machine's own instance. Texts may use
/// <c>{PORT}</c>, <c>{WWW}</c> and <c>{DIR}</c>. Reload is <c>apache2ctl -k graceful</c>,
/// waiting until the old children are gone.
/// </summary>
public sealed class ApacheSiteTree : LiveSiteTree
{
    private static readonly string[] Modules = ["mpm_event", "authz_core", "alias", "mime", "headers", "dir", "rewrite", "proxy", "proxy_http"];

    private ApacheSiteTree(string directory, int port)
        : base(directory, port)
    {
        Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["APACHE_CONFDIR"] = Path.Combine(directory, "apache2") };
    }

    protected override string ServerName => "apache2";

    protected override string Diagnostics => ErrorLog;

    /// <summary>What apache2ctl needs to leave /etc/apache2/envvars alone (give it to srvprov too).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public string ConfDirectory => Path.Combine(Directory, "apache2");

    public string MainFile => Path.Combine(ConfDirectory, "apache2.conf");

    public string Www => Path.Combine(Directory, "www");

    public string ErrorLog => File.Exists(Path.Combine(Directory, "error.log")) ? File.ReadAllText(Path.Combine(Directory, "error.log")) : string.Empty;

    public static string FindApache()
    {
        return File.Exists("/usr/sbin/apache2")
            ? "/usr/sbin/apache2"
            : throw new InvalidOperationException("apache2 is not installed: run 'apt-get install -y apache2' (scripts/test.sh does this).");
    }

    public static ApacheSiteTree Create()
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("srvprov-apache-tree-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // httpd's children run as www-data when started by root: they must read the tree.
            File.SetUnixFileMode(dir, (UnixFileMode)0x1ED);
        }

        var tree = new ApacheSiteTree(dir, FreePort.Find());
        foreach (var sub in new[] { "apache2/sites-available", "apache2/sites-enabled", "apache2/conf-enabled", "www" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(dir, sub));
        }

        File.WriteAllText(Path.Combine(dir, "mime.types"), string.Empty);
        var modules = string.Join('\n', Modules.Select(m => $"LoadModule {m}_module /usr/lib/apache2/modules/mod_{m}.so"));
        var user = System.Environment.UserName == "root" ? "User www-data\nGroup www-data\n" : string.Empty;
        File.WriteAllText(tree.MainFile, $"""
            # A test's own httpd: its own root, pid file, logs and port.
            ServerRoot {dir}/apache2
            PidFile {dir}/apache2.pid
            ErrorLog {dir}/error.log
            Listen 127.0.0.1:{tree.Port}
            {modules}
            {user}ServerName localhost
            TypesConfig {dir}/mime.types
            DocumentRoot {dir}/www

            IncludeOptional conf-enabled/*.conf
            IncludeOptional sites-enabled/*.conf

            """);
        return tree;
    }

    /// <summary>Writes <c>sites-available/NAME.conf</c> and links it from <c>sites-enabled/</c> (relative link, as a2ensite makes it).</summary>
    public string AddSite(string name, string text)
    {
        WriteFile(Path.Combine("apache2", "sites-available", name + ".conf"), text);
        var link = Path.Combine(ConfDirectory, "sites-enabled", name + ".conf");
        File.CreateSymbolicLink(link, Path.Combine("..", "sites-available", name + ".conf"));
        return link;
    }

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
            .Replace("{WWW}", Www, StringComparison.Ordinal)
            .Replace("{DIR}", Directory, StringComparison.Ordinal);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(FindApache());
        foreach (var a in new[] { "-f", MainFile, "-D", "FOREGROUND" })
        {
            psi.ArgumentList.Add(a);
        }

        await StartProcessAsync(psi, cancellationToken);
    }

    /// <summary><c>apache2ctl -k graceful -f MAIN</c>, then waits until every child of the old configuration has exited.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        var master = int.Parse(File.ReadAllText(Path.Combine(Directory, "apache2.pid")).Trim(), CultureInfo.InvariantCulture);
        var before = Children(master);
        var env = Environment.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
        var result = await ChildProcess.RunAsync("/usr/sbin/apache2ctl", ["-k", "graceful", "-f", MainFile], env, TimeSpan.FromSeconds(30), Directory, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"apache2ctl -k graceful failed: {result.Stderr}{result.Stdout}");
        }

        await WaitForNewChildrenAsync(master, before, cancellationToken);
    }

    /// <summary>Waits until the children of <paramref name="master"/> are all new (after a graceful restart someone else asked for).</summary>
    public async Task WaitForNewChildrenAsync(int master, IReadOnlySet<int> before, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(before);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var now = Children(master);
            if (now.Count > 0 && !now.Overlaps(before))
            {
                return;
            }

            await Task.Delay(25, cancellationToken);
        }

        throw new TimeoutException($"apache2 did not replace its children within 20 s after a graceful restart:\n{ErrorLog}");
    }

    public int MasterPid => int.Parse(File.ReadAllText(Path.Combine(Directory, "apache2.pid")).Trim(), CultureInfo.InvariantCulture);

    public static HashSet<int> Children(int master)
    {
        var path = $"/proc/{master}/task/{master}/children";
        var text = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        return [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
    }
}
