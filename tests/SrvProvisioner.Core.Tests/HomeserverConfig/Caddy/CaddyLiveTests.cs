using System.Text;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.HomeserverConfig.Caddy;
using SrvProvisioner.Core.HomeserverConfig.Proxies;
using SrvProvisioner.Testing.Caddy;
using static SrvProvisioner.Core.Tests.HomeserverConfig.ConfigTestSupport;

namespace SrvProvisioner.Core.Tests.HomeserverConfig.Caddy;

/// <summary>
/// The caddy kind against a real caddy: each test builds a Caddyfile in one of the shapes
/// people use to serve the well-known, checks it answers /.well-known/matrix/server with 200,
/// plans and applies through <see cref="ConfigPlanner"/> (caddy validate before and after),
/// reloads its own caddy, and checks the server file now answers 404 while every other URL
/// answers byte for byte as before.
/// </summary>
public sealed class CaddyLiveTests
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

    public static TheoryData<string> Shapes => ["synapse-docs", "respond-lines", "handle-directory", "site-file-server", "handle-path", "imported-site", "named-matcher-route"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Apply_StopsOnlyTheServerFile_OnRealCaddy(string shape)
    {
        await using var tree = Build(shape);
        await tree.StartAsync();
        (await tree.GetAsync("example.com", ProxyWellKnown.ServerUri)).Status.ShouldBe(200, tree.Output);
        var before = await Snapshot(tree);
        var reports = new List<string>();
        var planner = new ConfigPlanner(TimeProvider.System, new ProxyApplyOptions { Report = reports.Add, ToolEnvironment = tree.Environment });

        var plan = await planner.PlanAsync(Server, [new ConfigFileRequest(tree.MainFile)], CancellationToken.None);
        var edited = plan.Files.Where(f => f.Changes.Count > 0).ToList();
        edited.ShouldNotBeEmpty(string.Join("\n", plan.Findings.Select(f => f.Message)));
        plan.Findings.ShouldContain(f => f.Code == ConfigFindingCodes.ProxyServesWellKnown);
        plan.Files.ShouldAllBe(f => f.Kind == "caddy");
        await planner.VerifyUnchangedAsync(plan.Files, CancellationToken.None);
        await planner.ApplyAsync(Server, plan.Files, CancellationToken.None);
        await tree.ReloadAsync();

        (await tree.GetAsync("example.com", ProxyWellKnown.ServerUri)).Status.ShouldBe(404, tree.Output);
        (await Snapshot(tree)).ShouldBe(before, "every other URL answers as before");
        reports.ShouldContain(r => r.Contains("backup at " + Path.Combine(tree.ConfDirectory, ".srvprov-backups"), StringComparison.Ordinal));
        reports.ShouldContain(r => r.Contains($"caddy validate --adapter caddyfile --config {tree.MainFile}: the edited configuration is valid.", StringComparison.Ordinal));
        reports.ShouldContain(r => r.Contains("Reload caddy to make the edit live: caddy reload", StringComparison.Ordinal));

        var again = await planner.PlanAsync(Server, [new ConfigFileRequest(tree.MainFile)], CancellationToken.None);
        again.Files.ShouldAllBe(f => f.Changes.Count == 0, "apply twice = no change the second time");
    }

    [Fact]
    public async Task Apply_RestoresOriginalBytes_WhenCaddyRejectsAPlantedBrokenEdit()
    {
        await using var tree = Build("respond-lines");
        await tree.StartAsync();
        var original = await File.ReadAllBytesAsync(tree.MainFile);
        var loaded = CaddyTree.Load(tree.MainFile);
        var plan = CaddyRules.Plan(loaded, Server, hasMainFile: true);
        var edit = plan.Edits.ShouldHaveSingleItem();
        var broken = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(edit.After).Replace("respond 404", "respond 404 {", StringComparison.Ordinal));
        var planted = plan with { Edits = [edit with { After = broken }] };
        var options = new ProxyApplyOptions { ToolEnvironment = tree.Environment };

        var error = await Should.ThrowAsync<ConfigFileException>(() => ProxyApplier.ApplyAsync(CaddyCommands.Instance, loaded, planted, options, SrvProvisioner.Core.IO.AtomicFileReplacer.Default, CancellationToken.None));

        error.Message.ShouldContain("rejected the edited configuration");
        error.Message.ShouldContain("were put back");
        (await File.ReadAllBytesAsync(tree.MainFile)).ShouldBe(original);
        await tree.ReloadAsync();
        (await tree.GetAsync("example.com", ProxyWellKnown.ServerUri)).Status.ShouldBe(200);
    }

    [Fact]
    public async Task Apply_WithReload_RunsCaddyReload_AndTheServerFileAnswers404()
    {
        await using var tree = Build("handle-directory");
        await tree.StartAsync();
        var reports = new List<string>();
        var planner = new ConfigPlanner(TimeProvider.System, new ProxyApplyOptions { Reload = true, Report = reports.Add, ToolEnvironment = tree.Environment });
        var plan = await planner.PlanAsync(Server, [new ConfigFileRequest(tree.MainFile)], CancellationToken.None);

        await planner.ApplyAsync(Server, plan.Files, CancellationToken.None);

        reports.ShouldContain($"Reloaded caddy (caddy reload --adapter caddyfile --config {tree.MainFile}).");
        (await tree.GetAsync("example.com", ProxyWellKnown.ServerUri)).Status.ShouldBe(404, tree.Output);
        (await tree.GetAsync("example.com", ProxyWellKnown.ClientUri)).Status.ShouldBe(200);
    }

    private static async Task<List<string>> Snapshot(CaddySiteTree tree)
    {
        var answers = new List<string>();
        foreach (var (host, path) in OtherUrls)
        {
            var (status, body) = await tree.GetAsync(host, path);
            answers.Add($"{host}{path} {status} {Convert.ToHexString(body)}");
        }

        return answers;
    }

    /// <summary>Each shape serves both well-known files for example.com; other.test keeps its own server file.</summary>
    private static CaddySiteTree Build(string shape)
    {
        const string other = "http://other.test:{PORT} {\n\troot * {DIR}/other\n\tfile_server\n}\n";
        var sites = shape switch
        {
            // matrix-org/synapse docs/reverse_proxy.md, Caddy delegation example (fixture), on this test's port.
            "synapse-docs" => Fixture("synapse-caddy-delegation.Caddyfile")
                .Replace("\nexample.com {", "\nhttp://example.com:{PORT} {\n    root * {WWW}\n    file_server", StringComparison.Ordinal)
                .Replace("\nmatrix.example.com {", "\nhttp://matrix.example.com:{PORT} {", StringComparison.Ordinal)
                .Replace("\nmatrix.example.com:8448 {", "\nhttp://fed.example.com:{PORT} {", StringComparison.Ordinal)
                + "\n" + other,
            "respond-lines" => "http://example.com:{PORT}, http://www.example.com:{PORT} {\n" +
                "\theader /.well-known/matrix/* Content-Type application/json\n" +
                "\theader /.well-known/matrix/* Access-Control-Allow-Origin *\n" +
                "\trespond /.well-known/matrix/server `" + ServerJson + "`\n" +
                "\trespond /.well-known/matrix/client `" + ClientJson + "`\n" +
                "\troot * {WWW}\n\tfile_server\n}\n\n" + other,
            "handle-directory" => "http://example.com:{PORT} {\n\troot * {WWW}\n" +
                "\thandle /.well-known/matrix/* {\n\t\theader Content-Type application/json\n\t\tfile_server\n\t}\n" +
                "\thandle {\n\t\tfile_server\n\t}\n}\n\n" + other,
            "site-file-server" => "http://example.com:{PORT} {\n\troot * {WWW}\n\tencode gzip\n\tfile_server\n}\n\n" + other,
            "handle-path" => "http://example.com:{PORT} {\n\thandle_path /.well-known/matrix/* {\n\t\troot * {WWW}/.well-known/matrix\n\t\tfile_server\n\t}\n" +
                "\thandle {\n\t\troot * {WWW}\n\t\tfile_server\n\t}\n}\n\n" + other,
            "imported-site" => "import sites/*.caddy\n\n" + other,
            "named-matcher-route" => "http://example.com:{PORT} {\n\t@wellknown path /.well-known/matrix/server\n\troute {\n\t\theader Content-Type application/json\n" +
                "\t\trespond @wellknown `" + ServerJson + "`\n\t\trespond /.well-known/matrix/client `" + ClientJson + "`\n\t\troot * {WWW}\n\t\tfile_server\n\t}\n}\n\n" + other,
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "unknown shape"),
        };
        var tree = CaddySiteTree.Create(sites);
        tree.WriteFile("www/.well-known/matrix/server", ServerJson);
        tree.WriteFile("www/.well-known/matrix/client", ClientJson);
        tree.WriteFile("www/index.html", "<h1>example.com</h1>\n");
        tree.WriteFile("other/.well-known/matrix/server", "{\"m.server\": \"matrix.other.test:443\"}");
        tree.WriteFile("other/.well-known/matrix/client", "{}");
        if (shape == "imported-site")
        {
            tree.WriteFile("caddy/sites/example.com.caddy", "(matrix-headers) {\n\theader Content-Type application/json\n}\n\n" +
                "http://example.com:{PORT} {\n\thandle /.well-known/matrix/server {\n\t\timport matrix-headers\n\t\trespond `" + ServerJson + "`\n\t}\n" +
                "\thandle /.well-known/matrix/client {\n\t\timport matrix-headers\n\t\trespond `" + ClientJson + "`\n\t}\n\thandle {\n\t\troot * {WWW}\n\t\tfile_server\n\t}\n}\n");
        }

        return tree;
    }
}
