using System.Text;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.HomeserverConfig.Nginx;
using SrvProvisioner.Core.HomeserverConfig.Proxies;
using SrvProvisioner.Testing.Nginx;
using static SrvProvisioner.Core.Tests.HomeserverConfig.ConfigTestSupport;

namespace SrvProvisioner.Core.Tests.HomeserverConfig.Nginx;

/// <summary>
/// The nginx kind against a real nginx: each test builds a Debian-shaped tree in one of the
/// shapes people use to serve the well-known, checks it answers /.well-known/matrix/server
/// with 200, plans and applies through <see cref="ConfigPlanner"/> (nginx -t included), reloads
/// its own nginx, and checks the server file now answers 404 while every other URL answers
/// byte for byte as before.
/// </summary>
public sealed class NginxLiveTests
{
    private const string ServerJson = "{\"m.server\": \"matrix.example.com:443\"}";
    private const string ClientJson = "{\"m.homeserver\": {\"base_url\": \"https://matrix.example.com\"}}";

    private static readonly (string Host, string Path)[] OtherUrls =
    [
        ("example.com", "/.well-known/matrix/client"),
        ("example.com", "/"),
        ("example.com", "/index.html"),
        ("example.com", "/.well-known/matrix/"),
        ("example.com", "/.well-known/matrix/server/"),
        ("example.com", "/.well-known/security.txt"),
        ("other.test", "/.well-known/matrix/server"),
        ("other.test", "/.well-known/matrix/client"),
    ];

    public static TheoryData<string> Shapes => ["exact-return", "alias-directory", "try-files-root", "included-snippet", "regex-location", "conf-d-file"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Apply_StopsOnlyTheServerFile_OnRealNginx(string shape)
    {
        await using var tree = Build(shape);
        await tree.StartAsync();
        (await tree.GetAsync("example.com", ProxyWellKnown.ServerUri)).Status.ShouldBe(200, tree.ErrorLog);
        var before = await Snapshot(tree);
        var linked = Directory.GetFiles(Path.Combine(tree.ConfDirectory, "sites-enabled")).Where(f => new FileInfo(f).LinkTarget is not null).ToList();
        var reports = new List<string>();
        var planner = new ConfigPlanner(TimeProvider.System, new ProxyApplyOptions { Report = reports.Add });

        var plan = await planner.PlanAsync(Server, [new ConfigFileRequest(tree.MainFile)], CancellationToken.None);
        var edited = plan.Files.Where(f => f.Changes.Count > 0).ToList();
        edited.ShouldNotBeEmpty(string.Join("\n", plan.Findings.Select(f => f.Message)));
        plan.Findings.ShouldContain(f => f.Code == ConfigFindingCodes.ProxyServesWellKnown);
        await planner.VerifyUnchangedAsync(plan.Files, CancellationToken.None);
        await planner.ApplyAsync(Server, plan.Files, CancellationToken.None);
        await tree.ReloadAsync();

        var server = await tree.GetAsync("example.com", ProxyWellKnown.ServerUri);
        server.Status.ShouldBe(404, tree.ErrorLog);
        var after = await Snapshot(tree);
        after.ShouldBe(before, "every other URL answers as before");
        foreach (var link in linked)
        {
            new FileInfo(link).LinkTarget.ShouldNotBeNull($"{link} is still a link (edited through it)");
        }

        reports.ShouldContain(r => r.Contains("backup at " + Path.Combine(tree.ConfDirectory, ".srvprov-backups"), StringComparison.Ordinal));
        reports.ShouldContain(r => r.Contains("Reload nginx", StringComparison.Ordinal));
        Directory.GetFiles(Path.Combine(tree.ConfDirectory, "sites-enabled")).ShouldBe(linked, ignoreOrder: true, "no backup or temporary file where nginx includes sites-enabled/*");
        // The replacer's lock file (.NAME.srvprov.lock) may stay: glob(3) never loads a dot file.
        Directory.GetFiles(Path.Combine(tree.ConfDirectory, "conf.d")).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).ShouldBe(shape == "conf-d-file" ? ["example.com.conf"] : [], "no backup where nginx includes conf.d/*.conf");

        var again = await planner.PlanAsync(Server, [new ConfigFileRequest(tree.MainFile)], CancellationToken.None);
        again.Files.ShouldAllBe(f => f.Changes.Count == 0, "apply twice = no change the second time");
    }

    [Fact]
    public async Task Apply_RestoresOriginalBytes_WhenNginxRejectsAPlantedBrokenEdit()
    {
        await using var tree = Build("exact-return");
        await tree.StartAsync();
        var site = Path.Combine(tree.ConfDirectory, "sites-enabled", "example.com");
        var original = await File.ReadAllBytesAsync(site);
        var loaded = NginxTree.Load(tree.MainFile, null);
        var plan = NginxRules.Plan(loaded, Server, hasMainFile: true);
        var edit = plan.Edits.ShouldHaveSingleItem();
        var broken = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(edit.After).Replace("return 404;", "return 404", StringComparison.Ordinal));
        var planted = plan with { Edits = [edit with { After = broken }] };

        var error = await Should.ThrowAsync<ConfigFileException>(() => ProxyApplier.ApplyAsync(loaded, planted, new ProxyApplyOptions(), SrvProvisioner.Core.IO.AtomicFileReplacer.Default, CancellationToken.None));

        error.Message.ShouldContain("rejected the edited configuration");
        error.Message.ShouldContain("were put back");
        (await File.ReadAllBytesAsync(site)).ShouldBe(original);
        new FileInfo(site).LinkTarget.ShouldNotBeNull();
        await tree.ReloadAsync();
        (await tree.GetAsync("example.com", ProxyWellKnown.ServerUri)).Status.ShouldBe(200);
    }

    [Fact]
    public async Task Apply_RefusesStalePlan_WhenASiteIsAddedToSitesEnabledAfterPlan()
    {
        await using var tree = Build("alias-directory");
        var planner = new ConfigPlanner();
        var plan = await planner.PlanAsync(Server, [new ConfigFileRequest(tree.MainFile)], CancellationToken.None);
        var site = Path.Combine(tree.ConfDirectory, "sites-available", "example.com");
        var original = await File.ReadAllBytesAsync(site);
        tree.AddSite("late.test", "server { listen 127.0.0.1:{PORT}; server_name late.test; return 404; }\n");

        await Should.ThrowAsync<StalePlanException>(() => planner.VerifyUnchangedAsync(plan.Files, CancellationToken.None));
        await Should.ThrowAsync<StalePlanException>(() => planner.ApplyAsync(Server, plan.Files, CancellationToken.None));
        (await File.ReadAllBytesAsync(site)).ShouldBe(original);
    }

    private static async Task<List<string>> Snapshot(NginxSiteTree tree)
    {
        var answers = new List<string>();
        foreach (var (host, path) in OtherUrls)
        {
            var (status, body) = await tree.GetAsync(host, path);
            answers.Add($"{host}{path} {status} {Convert.ToHexString(body)}");
        }

        return answers;
    }

    /// <summary>Each shape serves both well-known files for example.com, and other.test keeps its own server file.</summary>
    private static NginxSiteTree Build(string shape)
    {
        var tree = NginxSiteTree.Create();
        tree.WriteFile("www/.well-known/matrix/server", ServerJson);
        tree.WriteFile("www/.well-known/matrix/client", ClientJson);
        tree.WriteFile("www/index.html", "<h1>example.com</h1>\n");
        tree.WriteFile("other/.well-known/matrix/server", "{\"m.server\": \"matrix.other.test:443\"}");
        tree.AddSite("other.test", $$"""
            server {
                listen 127.0.0.1:{PORT};
                server_name other.test;
                root {{tree.Directory}}/other;
            }

            """);
        const string head = "    listen 127.0.0.1:{PORT};\n    server_name example.com www.example.com;\n";
        switch (shape)
        {
            case "exact-return":
                tree.AddSite("example.com", "server {\n" + head + "    root {WWW};\n    index index.html;\n\n" +
                    "    location = /.well-known/matrix/server {\n        default_type application/json;\n        return 200 '" + ServerJson + "';\n    }\n\n" +
                    "    location = /.well-known/matrix/client {\n        default_type application/json;\n        add_header Access-Control-Allow-Origin *;\n        return 200 '" + ClientJson + "';\n    }\n}\n");
                break;
            case "alias-directory":
                tree.AddSite("example.com", "server {\n" + head + "    root {WWW};\n\n" +
                    "    location /.well-known/matrix/ {\n        alias {WWW}/.well-known/matrix/;\n        default_type application/json;\n    }\n\n    location / {\n        index index.html;\n    }\n}\n");
                break;
            case "try-files-root":
                tree.AddSite("example.com", "server {\n" + head + "    root {WWW};\n    index index.html;\n\n" +
                    "    location / {\n        try_files $uri $uri/ =404;\n    }\n}\n");
                break;
            case "included-snippet":
                tree.WriteFile("nginx/snippets/matrix-well-known.conf",
                    "# served for the Matrix server name\nlocation = /.well-known/matrix/server {\n    default_type application/json;\n    return 200 '" + ServerJson + "';\n}\n" +
                    "location = /.well-known/matrix/client {\n    default_type application/json;\n    return 200 '" + ClientJson + "';\n}\n");
                tree.AddSite("example.com", "server {\n" + head + "    root {WWW};\n    include snippets/matrix-well-known.conf;\n}\n");
                break;
            case "regex-location":
                tree.AddSite("example.com", "server {\n" + head + "    root {WWW};\n\n" +
                    "    location ~ ^/\\.well-known/matrix/(server|client)$ {\n        default_type application/json;\n    }\n\n    location / {\n        index index.html;\n    }\n}\n");
                break;
            case "conf-d-file":
                tree.WriteFile("nginx/conf.d/example.com.conf", "server {\n" + head + "    root {WWW};\n\n" +
                    "    location ^~ /.well-known/matrix/server {\n        default_type application/json;\n        try_files $uri =404;\n    }\n\n    location ~* \\.(json|html)$ {\n        return 418;\n    }\n}\n");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "unknown shape");
        }

        return tree;
    }
}
