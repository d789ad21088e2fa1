using System.Text;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.HomeserverConfig.Apache;
using SrvProvisioner.Core.HomeserverConfig.Proxies;
using SrvProvisioner.Testing.Apache;
using static SrvProvisioner.Core.Tests.HomeserverConfig.ConfigTestSupport;

namespace SrvProvisioner.Core.Tests.HomeserverConfig.Apache;

/// <summary>
/// The apache kind against a real httpd (Debian's apache2): each test builds a Debian-shaped
/// tree serving the well-known in one of the usual shapes, checks it answers
/// /.well-known/matrix/server with 200, plans and applies through <see cref="ConfigPlanner"/>
/// (apachectl -t before and after), reloads its own httpd gracefully, and checks the server file
/// now answers 404 while every other URL answers byte for byte as before.
/// </summary>
public sealed class ApacheLiveTests
{
    private const string ServerJson = "{\"m.server\": \"matrix.example.com:443\"}";
    private const string ClientJson = "{\"m.homeserver\": {\"base_url\": \"https://matrix.example.com\"}}";

    private static readonly (string Host, string Path)[] OtherUrls =
    [
        ("example.com", "/.well-known/matrix/client"),
        ("example.com", "/"),
        ("example.com", "/index.html"),
        ("example.com", "/.well-known/matrix/server/"),
        ("example.com", "/.well-known/security.txt"),
        ("www.example.com", "/.well-known/matrix/client"),
        ("other.test", "/.well-known/matrix/server"),
        ("other.test", "/.well-known/matrix/client"),
    ];

    /// <summary>Each shape and what httpd answers for the server file before the edit (a redirect is how some sites delegate it).</summary>
    public static TheoryData<string, int> Shapes => new()
    {
        { "alias-exact", 200 },
        { "alias-directory", 200 },
        { "document-root", 200 },
        { "included-snippet", 200 },
        { "location-headers", 200 },
        { "locationmatch-redirect", 301 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Apply_StopsOnlyTheServerFile_OnRealApache(string shape, int statusBefore)
    {
        await using var tree = Build(shape);
        await tree.StartAsync();
        (await tree.GetAsync("example.com", ProxyWellKnown.ServerUri)).Status.ShouldBe(statusBefore, tree.ErrorLog);
        var before = await Snapshot(tree);
        var reports = new List<string>();
        var planner = new ConfigPlanner(TimeProvider.System, new ProxyApplyOptions { Report = reports.Add, ToolEnvironment = tree.Environment });

        var plan = await planner.PlanAsync(Server, [new ConfigFileRequest(tree.MainFile)], CancellationToken.None);
        plan.Files.Where(f => f.Changes.Count > 0).ShouldNotBeEmpty(string.Join("\n", plan.Findings.Select(f => f.Message)));
        plan.Findings.ShouldContain(f => f.Code == ConfigFindingCodes.ProxyServesWellKnown);
        plan.Files.ShouldAllBe(f => f.Kind == "apache");
        await planner.VerifyUnchangedAsync(plan.Files, CancellationToken.None);
        await planner.ApplyAsync(Server, plan.Files, CancellationToken.None);
        await tree.ReloadAsync();

        (await tree.GetAsync("example.com", ProxyWellKnown.ServerUri)).Status.ShouldBe(404, tree.ErrorLog);
        (await Snapshot(tree)).ShouldBe(before, "every other URL answers as before");
        if (shape == "locationmatch-redirect")
        {
            (await File.ReadAllTextAsync(Path.Combine(tree.ConfDirectory, "sites-available", "example.com.conf"))).ShouldContain("# srvprov-off:     <LocationMatch", Case.Sensitive, "a section that serves only the server file is commented out whole");
        }

        reports.ShouldContain(r => r.Contains("backup at " + Path.Combine(tree.ConfDirectory, ".srvprov-backups"), StringComparison.Ordinal));
        reports.ShouldContain($"apachectl -t -f {tree.MainFile}: the edited configuration is valid.");
        reports.ShouldContain($"Reload apache to make the edit live: apachectl -k graceful -f {tree.MainFile}");
        Directory.GetFiles(Path.Combine(tree.ConfDirectory, "sites-enabled")).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).ShouldBe(["000-other.test.conf", "example.com.conf"], ignoreOrder: true, "no backup where httpd includes sites-enabled/*.conf");

        var again = await planner.PlanAsync(Server, [new ConfigFileRequest(tree.MainFile)], CancellationToken.None);
        again.Files.ShouldAllBe(f => f.Changes.Count == 0, "apply twice = no change the second time");
    }

    [Fact]
    public async Task Apply_RestoresOriginalBytes_WhenApacheRejectsAPlantedBrokenEdit()
    {
        await using var tree = Build("alias-directory");
        await tree.StartAsync();
        var site = Path.Combine(tree.ConfDirectory, "sites-available", "example.com.conf");
        var original = await File.ReadAllBytesAsync(site);
        var loaded = ApacheTree.Load(tree.MainFile);
        var plan = ApacheRules.Plan(loaded, Server, hasMainFile: true);
        var edit = plan.Edits.ShouldHaveSingleItem();
        var broken = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(edit.After).Replace("RedirectMatch 404", "RedirectMatch 404 <", StringComparison.Ordinal).Replace("</VirtualHost>", "</VirtualHost", StringComparison.Ordinal));
        var planted = plan with { Edits = [edit with { After = broken }] };

        var error = await Should.ThrowAsync<ConfigFileException>(() => ProxyApplier.ApplyAsync(ApacheCommands.Instance, loaded, planted, new ProxyApplyOptions { ToolEnvironment = tree.Environment }, SrvProvisioner.Core.IO.AtomicFileReplacer.Default, CancellationToken.None));

        error.Message.ShouldContain("rejected the edited configuration");
        error.Message.ShouldContain("were put back");
        (await File.ReadAllBytesAsync(site)).ShouldBe(original);
        await tree.ReloadAsync();
        (await tree.GetAsync("example.com", ProxyWellKnown.ServerUri)).Status.ShouldBe(200);
    }

    [Fact]
    public async Task Apply_WithReload_RunsApachectlGraceful()
    {
        await using var tree = Build("alias-exact");
        await tree.StartAsync();
        var master = tree.MasterPid;
        var children = ApacheSiteTree.Children(master);
        var reports = new List<string>();
        var planner = new ConfigPlanner(TimeProvider.System, new ProxyApplyOptions { Reload = true, Report = reports.Add, ToolEnvironment = tree.Environment });
        var plan = await planner.PlanAsync(Server, [new ConfigFileRequest(tree.MainFile)], CancellationToken.None);

        await planner.ApplyAsync(Server, plan.Files, CancellationToken.None);
        await tree.WaitForNewChildrenAsync(master, children);

        reports.ShouldContain($"Reloaded apache (apachectl -k graceful -f {tree.MainFile}).");
        (await tree.GetAsync("example.com", ProxyWellKnown.ServerUri)).Status.ShouldBe(404, tree.ErrorLog);
        (await tree.GetAsync("example.com", ProxyWellKnown.ClientUri)).Body.ShouldBe(Encoding.UTF8.GetBytes(ClientJson));
    }

    private static async Task<List<string>> Snapshot(ApacheSiteTree tree)
    {
        var answers = new List<string>();
        foreach (var (host, path) in OtherUrls)
        {
            var (status, body) = await tree.GetAsync(host, path);
            answers.Add($"{host}{path} {status} {Convert.ToHexString(body)}");
        }

        return answers;
    }

    private static ApacheSiteTree Build(string shape)
    {
        var tree = ApacheSiteTree.Create();
        tree.WriteFile("www/index.html", "<h1>example.com</h1>\n");
        tree.WriteFile("wk/server.json", ServerJson);
        tree.WriteFile("wk/client.json", ClientJson);
        tree.WriteFile("other/.well-known/matrix/server", "{\"m.server\": \"matrix.other.test:443\"}");
        tree.AddSite("000-other.test", "<VirtualHost 127.0.0.1:{PORT}>\n    ServerName other.test\n    DocumentRoot {DIR}/other\n</VirtualHost>\n");
        const string head = "<VirtualHost 127.0.0.1:{PORT}>\n    ServerName example.com\n    ServerAlias www.example.com\n    DocumentRoot {WWW}\n";
        const string headers = "    <Location \"/.well-known/matrix/\">\n        Header set Content-Type application/json\n        Header set Access-Control-Allow-Origin \"*\"\n    </Location>\n";
        switch (shape)
        {
            case "alias-exact":
                tree.AddSite("example.com", head + "    Alias /.well-known/matrix/server {DIR}/wk/server.json\n    Alias /.well-known/matrix/client {DIR}/wk/client.json\n" + headers + "</VirtualHost>\n");
                break;
            case "alias-directory":
                tree.WriteFile("wk/matrix/server", ServerJson);
                tree.WriteFile("wk/matrix/client", ClientJson);
                tree.AddSite("example.com", head + "    Alias /.well-known/matrix {DIR}/wk/matrix\n" + headers + "</VirtualHost>\n");
                break;
            case "document-root":
                tree.WriteFile("www/.well-known/matrix/server", ServerJson);
                tree.WriteFile("www/.well-known/matrix/client", ClientJson);
                tree.AddSite("example.com", head + headers + "</VirtualHost>\n");
                break;
            case "included-snippet":
                // The well-known in a snippet the virtual host includes (relative to ServerRoot, as httpd resolves it).
                tree.WriteFile("apache2/snippets/matrix-well-known.conf", "Alias /.well-known/matrix/server {DIR}/wk/server.json\nAlias /.well-known/matrix/client {DIR}/wk/client.json\n<Location /.well-known/matrix>\n    Header set Content-Type application/json\n</Location>\n");
                tree.AddSite("example.com", head + "    Include snippets/matrix-well-known.conf\n</VirtualHost>\n");
                break;
            case "location-headers":
                // The Location only decorates the file the Alias maps: the Alias is what serves it.
                tree.AddSite("example.com", head + "    Alias \"/.well-known/matrix/server\" \"{DIR}/wk/server.json\"\n    Alias \"/.well-known/matrix/client\" \"{DIR}/wk/client.json\"\n    <Location \"/.well-known/matrix/server\">\n        Header set Content-Type \"application/json\"\n    </Location>\n" + headers + "</VirtualHost>\n");
                break;
            case "locationmatch-redirect":
                // A LocationMatch of exactly the server file: the whole section is commented out.
                tree.WriteFile("www/.well-known/matrix/client", ClientJson);
                tree.AddSite("example.com", head + "    <LocationMatch \"^/\\.well-known/matrix/server$\">\n        Redirect permanent \"https://matrix.example.com/.well-known/matrix/server\"\n    </LocationMatch>\n" + headers + "</VirtualHost>\n");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "unknown shape");
        }

        return tree;
    }
}
