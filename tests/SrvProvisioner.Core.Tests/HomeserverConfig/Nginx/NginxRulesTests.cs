using System.Text;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.HomeserverConfig.Nginx;
using SrvProvisioner.Core.HomeserverConfig.Proxies;
using static SrvProvisioner.Core.Tests.HomeserverConfig.ConfigTestSupport;

namespace SrvProvisioner.Core.Tests.HomeserverConfig.Nginx;

/// <summary>What the nginx kind finds and plans on trees written by the test (no server needed: plan only reads).</summary>
public sealed class NginxRulesTests : IDisposable
{
    private const string Why = "# srvprov: federation is delegated by DNS SRV records; a served /.well-known/matrix/server would take precedence over them.";
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-nginx-rules-").FullName;

    public NginxRulesTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "www/.well-known/matrix"));
        File.WriteAllText(Path.Combine(_dir, "www/.well-known/matrix/server"), "{}");
        File.WriteAllText(Path.Combine(_dir, "www/.well-known/matrix/client"), "{}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Plan_CommentsOutAnExactLocation_EachLineMarked_OtherBytesKept()
    {
        var site = "server {\r\n    listen 443 ssl;\r\n    server_name example.com;\r\n\r\n    location = /.well-known/matrix/server {\r\n        return 200 '{\"m.server\": \"m.example.com:443\"}';\r\n    }  # old delegation\r\n    location / { proxy_pass http://127.0.0.1:8008; }\r\n}\r\n";
        var plan = PlanSite(site);

        var edit = plan.Edits.ShouldHaveSingleItem();
        var after = Encoding.UTF8.GetString(edit.After);
        after.ShouldBe(site.Replace(
            "    location = /.well-known/matrix/server {\r\n        return 200 '{\"m.server\": \"m.example.com:443\"}';\r\n    }  # old delegation\r\n",
            "    " + Why + "\r\n# srvprov-off:     location = /.well-known/matrix/server {\r\n# srvprov-off:         return 200 '{\"m.server\": \"m.example.com:443\"}';\r\n# srvprov-off:     }  # old delegation\r\n",
            StringComparison.Ordinal));
        var change = edit.Changes.ShouldHaveSingleItem();
        change.Setting.ShouldBe("server example.com > location = /.well-known/matrix/server");
        change.Before.ShouldBe("\"return 200 {\\u0022m.server\\u0022: \\u0022m.example.com:443\\u0022}\"");
        plan.Findings.ShouldContain(f => f.Code == ConfigFindingCodes.ProxyServesWellKnown && f.Message.StartsWith(Site + ":6: server block " + Site + ":1", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_AddsExact404_WhereOneLocationServesTheWholeDirectory()
    {
        var site = $"server {{\n  listen 443;\n  server_name example.com;\n  location /.well-known/matrix/ {{\n    alias {_dir}/www/.well-known/matrix/;\n  }}\n}}\n";
        var plan = PlanSite(site);

        var after = Encoding.UTF8.GetString(plan.Edits.ShouldHaveSingleItem().After);
        after.ShouldBe(site.Replace("  location /.well-known/matrix/ {", "  " + Why + "\n  location = /.well-known/matrix/server { return 404; }\n  location /.well-known/matrix/ {", StringComparison.Ordinal));
        plan.Edits[0].Changes.ShouldHaveSingleItem().After.ShouldBe("\"return 404\"");
    }

    [Fact]
    public void Plan_AddsExact404BeforeTheClosingBrace_WhenTheServerRootServesIt()
    {
        var site = $"server {{\n    listen 443;\n    server_name example.com;\n    root {_dir}/www;\n}}\n";
        var after = Encoding.UTF8.GetString(PlanSite(site).Edits.ShouldHaveSingleItem().After);
        after.ShouldEndWith($"    root {_dir}/www;\n    {Why}\n    location = /.well-known/matrix/server {{ return 404; }}\n}}\n");
    }

    [Fact]
    public void Plan_NothingToDo_WhenTheFileDoesNotExist_OrTheLocationAnswers404()
    {
        var site = "server { listen 443; server_name example.com; root /nonexistent-srvprov; }\n" +
            "server { listen 443; server_name example.com; location = /.well-known/matrix/server { return 404; } }\n";
        var plan = PlanSite(site);
        plan.Edits.ShouldBeEmpty();
        plan.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_CertbotRedirectBlockOnPort80_IsNoFinding()
    {
        var site = "server {\n    if ($host = example.com) {\n        return 301 https://$host$request_uri;\n    } # managed by Certbot\n    listen 80;\n    server_name example.com;\n    return 404; # managed by Certbot\n}\n";
        var plan = PlanSite(site);
        plan.Edits.ShouldBeEmpty();
        plan.Findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("location /.well-known/matrix/ { if ($arg_x) { return 200 'x'; } root {WWW}; }", "an if block decides per request")]
    [InlineData("location /.well-known/matrix/ { root $document_root_var; }", "depends on a variable")]
    [InlineData("location /.well-known/ { rewrite ^/.well-known/matrix/(.*)$ /wk/$1 last; }", "changes the request")]
    [InlineData("location /.well-known/matrix/ { include {DIR}/wk.conf; }", "includes other files")]
    public void Plan_AmbiguousShape_IsAFindingWithAdvice_NeverAnEdit(string location, string reason)
    {
        File.WriteAllText(Path.Combine(_dir, "wk.conf"), "root " + _dir + "/www;\n");
        var site = "server { listen 443; server_name example.com;\n" + location.Replace("{WWW}", _dir + "/www", StringComparison.Ordinal).Replace("{DIR}", _dir, StringComparison.Ordinal) + "\n}\n";
        var plan = PlanSite(site);

        plan.Edits.ShouldBeEmpty();
        var finding = plan.Findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe(ConfigFindingCodes.ProxyUnsure);
        finding.Message.ShouldContain(reason);
        finding.Message.ShouldContain("location = /.well-known/matrix/server { return 404; }");
        finding.Message.ShouldStartWith(Site + ":");
    }

    [Fact]
    public void Plan_ServerLevelReturn200_IsManual()
    {
        var plan = PlanSite("server { listen 443; server_name example.com; return 200 '{\"m.server\":\"x:443\"}'; }\n");
        plan.Edits.ShouldBeEmpty();
        plan.Findings.ShouldHaveSingleItem().Code.ShouldBe(ConfigFindingCodes.ProxyManualChange);
    }

    [Fact]
    public void Plan_SnippetIncludedByTwoServers_IsManual_BecauseTheEditWouldChangeBoth()
    {
        File.WriteAllText(Path.Combine(_dir, "wk.conf"), "location = /.well-known/matrix/server {\n    return 200 '{}';\n}\n");
        var plan = PlanSite($"server {{\n    listen 443;\n    server_name example.com;\n    include {_dir}/wk.conf;\n}}\nserver {{\n    listen 443;\n    server_name other.test;\n    include {_dir}/wk.conf;\n}}\n");
        plan.Edits.ShouldBeEmpty();
        var finding = plan.Findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe(ConfigFindingCodes.ProxyManualChange);
        finding.Message.ShouldContain("included in more than one place");
    }

    [Fact]
    public void Plan_DefaultServerServingIt_IsEditedWithAWarningAboutOtherNames()
    {
        var plan = PlanSite($"server {{\n    listen 443 default_server;\n    server_name _;\n    root {_dir}/www;\n    location / {{ }}\n}}\n");
        plan.Edits.ShouldHaveSingleItem();
        plan.Findings.ShouldContain(f => f.Code == ConfigFindingCodes.ProxyEditShared && f.Message.Contains("every host name without a server block", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_GeneralProxyPass_IsInfo_DedicatedProxyPass_IsEdited()
    {
        var general = PlanSite("server { listen 443; server_name example.com; location / { proxy_pass http://127.0.0.1:8008; } }\n");
        general.Edits.ShouldBeEmpty();
        general.Findings.ShouldHaveSingleItem().Code.ShouldBe(ConfigFindingCodes.ProxyForwards);

        var dedicated = PlanSite("server {\n    listen 443;\n    server_name example.com;\n    location /.well-known/matrix/ {\n        proxy_pass http://127.0.0.1:8008;\n    }\n}\n");
        Encoding.UTF8.GetString(dedicated.Edits.ShouldHaveSingleItem().After).ShouldContain("    location = /.well-known/matrix/server { return 404; }\n    location /.well-known/matrix/ {");
    }

    [Fact]
    public void Load_SiteFileGivenAlone_FindsTheMainFileThatIncludesIt_ThroughAGlobAndALink()
    {
        var conf = Path.Combine(_dir, "nginx");
        Directory.CreateDirectory(Path.Combine(conf, "sites-available"));
        Directory.CreateDirectory(Path.Combine(conf, "sites-enabled"));
        File.WriteAllText(Path.Combine(conf, "nginx.conf"), "events {}\nhttp { include sites-enabled/*; }\n");
        File.WriteAllText(Path.Combine(conf, "sites-available", "example.com"), "server { listen 443; server_name example.com; }\n");
        File.WriteAllText(Path.Combine(conf, "sites-enabled", ".hidden"), "this is not nginx {");
        File.CreateSymbolicLink(Path.Combine(conf, "sites-enabled", "example.com"), "../sites-available/example.com");

        var (tree, hasMain) = NginxMainLocator.Load(Path.Combine(conf, "sites-enabled", "example.com"), null);

        hasMain.ShouldBeTrue();
        tree.Root.ShouldBe(Path.Combine(conf, "nginx.conf"));
        tree.Files.Select(f => f.Path).ShouldBe([Path.Combine(conf, "nginx.conf"), Path.Combine(conf, "sites-enabled", "example.com")], "glob(3): * never matches a leading dot");
    }

    [Fact]
    public void BackupDirectory_IsRefused_WhenAnIncludeWouldLoadIt()
    {
        var main = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(main, "events {}\nhttp { include .*/*; }\n");
        var tree = NginxTree.Load(main, null);
        Should.Throw<ConfigFileException>(() => ProxyApplier.BackupDirectory(tree)).Message.ShouldContain("would load srvprov's backups");
    }

    [Fact]
    public void Load_RefusesAFifoInsteadOfWaitingOnIt()
    {
        var fifo = Path.Combine(_dir, "fifo.conf");
        var made = System.Diagnostics.Process.Start("mkfifo", fifo);
        made.WaitForExit();
        made.ExitCode.ShouldBe(0);
        File.WriteAllText(Path.Combine(_dir, "nginx.conf"), $"events {{}}\nhttp {{ include {fifo}; }}\n");
        Should.Throw<ConfigFileException>(() => NginxTree.Load(Path.Combine(_dir, "nginx.conf"), null)).Message.ShouldContain("FIFO");
    }

    private string Site => Path.Combine(_dir, "site.conf");

    private ProxyTreePlan PlanSite(string site)
    {
        File.WriteAllText(Site, site);
        var main = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(main, $"events {{}}\nhttp {{\n    include {Site};\n}}\n");
        return NginxRules.Plan(NginxTree.Load(main, null), Server, hasMainFile: true);
    }
}
