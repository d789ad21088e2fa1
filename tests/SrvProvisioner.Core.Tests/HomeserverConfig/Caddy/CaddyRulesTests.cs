using System.Text;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.HomeserverConfig.Caddy;
using SrvProvisioner.Core.HomeserverConfig.Proxies;
using static SrvProvisioner.Core.Tests.HomeserverConfig.ConfigTestSupport;

namespace SrvProvisioner.Core.Tests.HomeserverConfig.Caddy;

/// <summary>The Caddyfile reader and planner on files alone: shapes, findings, and hostile trees that must be refused with one clear error.</summary>
public sealed class CaddyRulesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-caddy-rules-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Plan_CommentsOutTheSynapseDocsServerHandle_AndKeepsTheClientHandle()
    {
        var path = Write("Caddyfile", Fixture("synapse-caddy-delegation.Caddyfile"));

        var plan = CaddyRules.Plan(CaddyTree.Load(path), Server, hasMainFile: true);

        var edit = plan.Edits.ShouldHaveSingleItem();
        var after = Encoding.UTF8.GetString(edit.After);
        after.ShouldContain("# srvprov-off:     handle /.well-known/matrix/server {\n# srvprov-off:         import matrix-well-known-header\n");
        after.ShouldContain("\n    handle /.well-known/matrix/client {\n        import matrix-well-known-header\n");
        after.ShouldContain("    handle /.well-known/matrix/server {\n        respond 404\n    }\n# srvprov-off:     handle", Case.Sensitive, "without the handle the site answers nothing itself (Caddy's empty 200): a 404 takes its place");
        plan.Findings.ShouldContain(f => f.Code == ConfigFindingCodes.ProxyServesWellKnown && f.Message.StartsWith(path + ":12: site block " + path + ":9 (example.com, port 443) serves /.well-known/matrix/server with respond 200", StringComparison.Ordinal));
        edit.Changes.Select(c => c.Setting).ShouldBe(["/.well-known/matrix/server > handle /.well-known/matrix/server", "example.com > handle /.well-known/matrix/server"]);
    }

    [Fact]
    public void Plan_ReportsAForwardedWellKnown_AndPlansNoEdit()
    {
        var path = Write("Caddyfile", "example.com {\n\treverse_proxy /.well-known/matrix/* https://matrix.example.com {\n\t\theader_up Host {upstream_hostport}\n\t}\n}\n");

        var plan = CaddyRules.Plan(CaddyTree.Load(path), Server, hasMainFile: true);

        plan.Edits.ShouldBeEmpty();
        plan.Findings.ShouldHaveSingleItem().Code.ShouldBe(ConfigFindingCodes.ProxyForwards);
    }

    [Fact]
    public void Plan_GivesManualAdvice_WhenTheMatcherCannotBeEvaluated()
    {
        var path = Write("Caddyfile", "example.com {\n\t@wk expression {path}.startsWith('/.well-known')\n\trespond @wk `{\"m.server\": \"m.example.com:443\"}`\n}\n");

        var plan = CaddyRules.Plan(CaddyTree.Load(path), Server, hasMainFile: true);

        plan.Edits.ShouldBeEmpty();
        plan.Findings.ShouldHaveSingleItem().Code.ShouldBe(ConfigFindingCodes.ProxyUnsure);
    }

    [Fact]
    public void Plan_RefusesToEditASnippetImportedByTwoSites()
    {
        var path = Write("Caddyfile", "(wk) {\n\trespond /.well-known/matrix/server `{\"m.server\": \"m.example.com:443\"}`\n}\n\nexample.com {\n\timport wk\n}\n\nexample.org {\n\timport wk\n}\n");

        var plan = CaddyRules.Plan(CaddyTree.Load(path), Server, hasMainFile: true);

        plan.Edits.ShouldBeEmpty();
        plan.Findings.ShouldHaveSingleItem().Message.ShouldContain("snippet (wk) is imported in more than one place");
    }

    [Fact]
    public void Load_RefusesAnImportCycle_WithOneClearError()
    {
        var path = Write("Caddyfile", "import a.caddy\n");
        Write("a.caddy", "import b.caddy\n");
        Write("b.caddy", "import a.caddy\n");

        Should.Throw<ConfigFileException>(() => CaddyTree.Load(path)).Message.ShouldContain("imports itself");
    }

    [Fact]
    public void Load_RefusesSnippetsThatImportThemselves()
    {
        var path = Write("Caddyfile", "(a) {\n\timport a\n\timport a\n}\nexample.com {\n\timport a\n}\n");

        Should.Throw<ConfigFileException>(() => CaddyTree.Load(path)).Message.ShouldContain("nested deeper than");
    }

    [Fact]
    public void Load_RefusesAGlobOverThousandsOfFiles()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "many"));
        for (var i = 0; i < 4100; i++)
        {
            File.WriteAllText(Path.Combine(_dir, "many", $"s{i}.caddy"), string.Empty);
        }

        var path = Write("Caddyfile", "import many/*\n");

        Should.Throw<ConfigFileException>(() => CaddyTree.Load(path)).Message.ShouldContain("matches more than 4096 paths");
    }

    [Fact]
    public async Task Load_RefusesAnImportedFifo_AndAHugeFile()
    {
        var fifo = Path.Combine(_dir, "pipe.caddy");
        if (OperatingSystem.IsLinux())
        {
            await SrvProvisioner.Testing.Files.UnixFileFacts.MakeFifoAsync(fifo);
            Should.Throw<ConfigFileException>(() => CaddyTree.Load(Write("Caddyfile", "import pipe.caddy\n"))).Message.ShouldContain("pipe.caddy");
        }

        File.WriteAllBytes(Path.Combine(_dir, "huge.caddy"), new byte[CaddyTree.MaxFileBytes + 1]);
        var huge = Should.Throw<ConfigFileException>(() => CaddyTree.Load(Write("Caddyfile", "import huge.caddy\n")));
        huge.Message.ShouldContain("huge.caddy");
        huge.Message.Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public void Load_RefusesAnUnclosedBlock()
    {
        var path = Write("Caddyfile", "example.com {\n\thandle /x {\n\t\trespond 200\n}\n");

        Should.Throw<ConfigFileException>(() => CaddyTree.Load(path)).Message.ShouldContain("not closed");
    }

    [Fact]
    public void BackupDirectory_IsRefused_WhenAnImportGlobWouldLoadIt()
    {
        var path = Write("Caddyfile", "import *.caddy\nimport .srvprov-backups/*\n");

        Should.Throw<ConfigFileException>(() => ProxyApplier.BackupDirectory(CaddyTree.Load(path))).Message.ShouldContain("would load srvprov's backups");
    }

    [Fact]
    public async Task Apply_RefusesBeforeWriting_WhenAnImportGlobWouldLoadTheLockFile()
    {
        Write("sites/example.com", "example.com {\n\trespond /.well-known/matrix/server `{\"m.server\": \"m.example.com:443\"}`\n}\n");
        var path = Write("Caddyfile", "import sites/*\n");
        var site = Path.Combine(_dir, "sites", "example.com");
        var before = await File.ReadAllBytesAsync(site);
        var planner = new ConfigPlanner(TimeProvider.System, new ProxyApplyOptions { CaddyPath = "/nonexistent/caddy" });
        var plan = await planner.PlanAsync(Server, [new ConfigFileRequest(path)], CancellationToken.None);
        plan.Files.ShouldContain(f => f.Changes.Count > 0);

        var error = await Should.ThrowAsync<ConfigFileException>(() => planner.ApplyAsync(Server, plan.Files, CancellationToken.None));

        error.Message.ShouldContain("would make caddy load srvprov's lock or temporary file");
        (await File.ReadAllBytesAsync(site)).ShouldBe(before);
        Directory.GetFiles(Path.Combine(_dir, "sites"), "*", SearchOption.AllDirectories).ShouldBe([site]);
    }

    [Fact]
    public async Task Apply_EditsAnImportedSiteThroughItsSymbolicLink()
    {
        var target = Write("sites-available/example.com.caddy", "example.com {\n\trespond /.well-known/matrix/server `{\"m.server\": \"m.example.com:443\"}`\n\trespond /.well-known/matrix/client `{}`\n}\n");
        Directory.CreateDirectory(Path.Combine(_dir, "sites-enabled"));
        var link = Path.Combine(_dir, "sites-enabled", "example.com.caddy");
        File.CreateSymbolicLink(link, "../sites-available/example.com.caddy");
        var path = Write("Caddyfile", "import sites-enabled/*.caddy\n");
        var planner = new ConfigPlanner(TimeProvider.System, new ProxyApplyOptions { CaddyPath = "/nonexistent/caddy" });
        var plan = await planner.PlanAsync(Server, [new ConfigFileRequest(link)], CancellationToken.None);
        plan.Files.ShouldContain(f => f.Path == link && f.Changes.Count > 0, "a site file given alone is planned in the Caddyfile that imports it");

        await planner.ApplyAsync(Server, plan.Files, CancellationToken.None);

        new FileInfo(link).LinkTarget.ShouldNotBeNull("edited through the link");
        (await File.ReadAllTextAsync(target)).ShouldContain("# srvprov-off: \trespond /.well-known/matrix/server");
        Directory.GetFiles(Path.Combine(_dir, ".srvprov-backups")).ShouldHaveSingleItem().ShouldContain("sites-enabled_example.com.caddy.srvprov-backup-");
        var again = await planner.PlanAsync(Server, [new ConfigFileRequest(path)], CancellationToken.None);
        again.Files.ShouldAllBe(f => f.Changes.Count == 0);
    }

    [Fact]
    public void Lexer_KeepsQuotedBracesAndComments_AsCaddyDoes()
    {
        var path = Write("Caddyfile", "example.com {\n\t# respond /.well-known/matrix/server 200\n\trespond /x \"a # not a comment {\" 200\n}\n");

        var site = CaddyTree.Load(path).Sites.ShouldHaveSingleItem();

        var respond = site.Body.ShouldHaveSingleItem();
        respond.Args.Select(a => a.Value).ShouldBe(["/x", "a # not a comment {", "200"]);
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
