using System.Text;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.HomeserverConfig.Apache;
using static SrvProvisioner.Core.Tests.HomeserverConfig.ConfigTestSupport;

namespace SrvProvisioner.Core.Tests.HomeserverConfig.Apache;

/// <summary>The Apache reader and planner on files alone: findings for shapes srvprov does not edit, and hostile trees refused with one clear error.</summary>
public sealed class ApacheRulesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-apache-rules-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Plan_ReportsProxyPass_AsForwarded_WithFileAndLine()
    {
        var path = Write("apache2.conf", "<VirtualHost *:443>\n    ServerName example.com\n    ProxyPass /.well-known/matrix/ http://127.0.0.1:8008/.well-known/matrix/ nocanon\n</VirtualHost>\n");

        var plan = ApacheRules.Plan(ApacheTree.Load(path), Server, hasMainFile: true);

        plan.Edits.ShouldBeEmpty();
        var finding = plan.Findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe(ConfigFindingCodes.ProxyForwards);
        finding.Message.ShouldStartWith(path + ":3: <VirtualHost *:443> at " + path + ":1 forwards /.well-known/matrix/server");
    }

    [Fact]
    public void Plan_NeverEditsARewrite_AndSaysWhere()
    {
        var path = Write("apache2.conf", "<VirtualHost *:443>\n    ServerName example.com\n    RewriteEngine on\n    RewriteRule ^/\\.well-known/matrix/(.*)$ /srv/wk/$1 [L]\n</VirtualHost>\n");

        var plan = ApacheRules.Plan(ApacheTree.Load(path), Server, hasMainFile: true);

        plan.Edits.ShouldBeEmpty();
        var finding = plan.Findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe(ConfigFindingCodes.ProxyUnsure);
        finding.Message.ShouldStartWith(path + ":4:");
        finding.Message.ShouldContain(ApacheRules.NotFoundRule);
    }

    [Fact]
    public void Plan_PicksTheNamedVirtualHost_NotTheDefault()
    {
        Write("srv/wk/server", "{}");
        var path = Write("apache2.conf", $"<VirtualHost *:443>\n    ServerName other.test\n    Alias /.well-known/matrix/server {_dir}/srv/wk/server\n</VirtualHost>\n<VirtualHost *:443>\n    ServerName www.example.com\n    ServerAlias example.com\n    DocumentRoot {_dir}/empty\n</VirtualHost>\n");

        var plan = ApacheRules.Plan(ApacheTree.Load(path), Server, hasMainFile: true);

        plan.Edits.ShouldBeEmpty("example.com has its own virtual host, which serves nothing there");
        plan.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_RefusesToEditAFileIncludedTwice()
    {
        Write("srv/wk/server", "{}");
        Write("wk.conf", $"Alias /.well-known/matrix/server {_dir}/srv/wk/server\n");
        var path = Write("apache2.conf", "<VirtualHost *:443>\n    ServerName example.com\n    Include wk.conf\n</VirtualHost>\n<VirtualHost *:443>\n    ServerName example.org\n    Include wk.conf\n</VirtualHost>\n");

        var plan = ApacheRules.Plan(ApacheTree.Load(path), Server, hasMainFile: true);

        plan.Edits.ShouldBeEmpty();
        plan.Findings.ShouldHaveSingleItem().Message.ShouldContain("is included in more than one place");
    }

    [Fact]
    public void Load_RefusesAnIncludeCycle_AndAnUnclosedSection()
    {
        Write("a.conf", "Include b.conf\n");
        Write("b.conf", "Include a.conf\n");
        Should.Throw<ConfigFileException>(() => ApacheTree.Load(Write("apache2.conf", "Include a.conf\n"))).Message.ShouldContain("includes itself");

        var unclosed = Should.Throw<ConfigFileException>(() => ApacheTree.Load(Write("httpd.conf", "<VirtualHost *:80>\n    ServerName x\n")));
        unclosed.Message.ShouldContain("<VirtualHost> is not closed");
    }

    [Fact]
    public void Load_RefusesIncludesOfAMissingFile_ButNotIncludeOptional()
    {
        Should.NotThrow(() => ApacheTree.Load(Write("apache2.conf", "IncludeOptional nothing/*.conf\nIncludeOptional none.conf\n")));
        Should.Throw<ConfigFileException>(() => ApacheTree.Load(Write("httpd.conf", "Include none.conf\n"))).Message.ShouldContain("none.conf");
    }

    [Fact]
    public void Plan_CommentsOutAnExactAlias_ByteForByteElsewhere()
    {
        Write("srv/wk/server", "{}");
        var text = $"# site\r\n<VirtualHost *:443>\r\n\tServerName example.com\r\n\tDocumentRoot {_dir}/empty\r\n\tAlias /.well-known/matrix/server {_dir}/srv/wk/server\r\n\tAlias /x /y\r\n</VirtualHost>\r\n";
        var path = Write("apache2.conf", text);

        var plan = ApacheRules.Plan(ApacheTree.Load(path), Server, hasMainFile: true);

        var after = Encoding.UTF8.GetString(plan.Edits.ShouldHaveSingleItem().After);
        after.ShouldBe(text.Replace("\tAlias /.well-known", "\t# srvprov: federation is delegated by DNS SRV records; a served /.well-known/matrix/server would take precedence over them.\r\n# srvprov-off: \tAlias /.well-known", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Redirect permanent https://matrix.example.com/.well-known/matrix/server")]
    [InlineData("SetHandler server-status")]
    public void Plan_CommentsOutTheWholeLocationMatch_WhenItServesOnlyTheServerFile(string serving)
    {
        var open = "<LocationMatch \"^/\\.well-known/matrix/server$\">";
        var text = $"<VirtualHost *:443>\n    ServerName example.com\n    DocumentRoot {_dir}/empty\n    {open}\n        {serving}\n    </LocationMatch>\n    <Location /.well-known/matrix/client>\n        Header set Content-Type application/json\n    </Location>\n</VirtualHost>\n";
        var path = Write("apache2.conf", text);

        var plan = ApacheRules.Plan(ApacheTree.Load(path), Server, hasMainFile: true);

        var after = Encoding.UTF8.GetString(plan.Edits.ShouldHaveSingleItem().After);
        var block = $"    {open}\n        {serving}\n    </LocationMatch>\n";
        var off = $"    # srvprov: federation is delegated by DNS SRV records; a served /.well-known/matrix/server would take precedence over them.\n# srvprov-off:     {open}\n# srvprov-off:         {serving}\n# srvprov-off:     </LocationMatch>\n";
        after.ShouldBe(text.Replace(block, off, StringComparison.Ordinal));
        plan.Findings.ShouldContain(f => f.Code == ConfigFindingCodes.ProxyServesWellKnown && f.Message.StartsWith(path + ":4:", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_LeavesAPrefixLocationThatAlsoAnswersBelowTheFile_ToAManualChange()
    {
        var block = "    <Location \"/.well-known/matrix/server\">\n        Redirect permanent https://matrix.example.com/.well-known/matrix/server\n    </Location>\n";
        var path = Write("apache2.conf", $"<VirtualHost *:443>\n    ServerName example.com\n    DocumentRoot {_dir}/empty\n{block}</VirtualHost>\n");

        var plan = ApacheRules.Plan(ApacheTree.Load(path), Server, hasMainFile: true);

        plan.Edits.ShouldBeEmpty("commenting it out would change /.well-known/matrix/server/, and a RedirectMatch 404 does not beat it on real httpd");
        var finding = plan.Findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe(ConfigFindingCodes.ProxyManualChange);
        finding.Message.ShouldStartWith(path + ":4:");
        finding.Message.ShouldContain("LocationMatch");
    }

    [Fact]
    public void Plan_CommentsOutTheAlias_NotTheLocationThatOnlySetsHeaders()
    {
        Write("srv/wk/server", "{}");
        var text = $"<VirtualHost *:443>\n    ServerName example.com\n    DocumentRoot {_dir}/empty\n    Alias \"/.well-known/matrix/server\" \"{_dir}/srv/wk/server\"\n    <Location \"/.well-known/matrix/server\">\n        Header set Content-Type \"application/json\"\n    </Location>\n</VirtualHost>\n";
        var path = Write("apache2.conf", text);

        var plan = ApacheRules.Plan(ApacheTree.Load(path), Server, hasMainFile: true);

        var after = Encoding.UTF8.GetString(plan.Edits.ShouldHaveSingleItem().After);
        after.ShouldContain("# srvprov-off:     Alias \"/.well-known/matrix/server\"");
        after.ShouldContain("\n    <Location \"/.well-known/matrix/server\">\n        Header set Content-Type \"application/json\"\n    </Location>\n");
        plan.Findings.ShouldContain(f => f.Code == ConfigFindingCodes.ProxyServesWellKnown && f.Message.StartsWith(path + ":4:", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_ReportsAProxyPassInALocation_AsForwarded_EvenOverAnAlias()
    {
        Write("srv/wk/server", "{}");
        var path = Write("apache2.conf", $"<VirtualHost *:443>\n    ServerName example.com\n    Alias /.well-known/matrix/server {_dir}/srv/wk/server\n    <Location /.well-known/matrix/server>\n        ProxyPass http://127.0.0.1:8008/.well-known/matrix/server\n    </Location>\n</VirtualHost>\n");

        var plan = ApacheRules.Plan(ApacheTree.Load(path), Server, hasMainFile: true);

        plan.Edits.ShouldBeEmpty();
        var finding = plan.Findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe(ConfigFindingCodes.ProxyForwards);
        finding.Message.ShouldStartWith(path + ":5:");
    }

    [Theory]
    [InlineData("RewriteEngine on\n        RewriteRule .* /srv/wk/server.json", 6)]
    [InlineData("<If \"%{HTTP_HOST} == 'example.com'\">\n            Redirect https://matrix.example.com/.well-known/matrix/server\n        </If>", 5)]
    [InlineData("ErrorDocument 404 https://matrix.example.com/.well-known/matrix/server", 5)]
    [InlineData("Redirect https://${MATRIX_HOST}/.well-known/matrix/server", 5)]
    public void Plan_NeverGuessesAnAmbiguousLocation_AndSaysWhatToChange(string inside, int line)
    {
        var text = $"<VirtualHost *:443>\n    ServerName example.com\n    DocumentRoot {_dir}/empty\n    <Location /.well-known/matrix/server>\n        {inside}\n    </Location>\n</VirtualHost>\n";
        var path = Write("apache2.conf", text);

        var plan = ApacheRules.Plan(ApacheTree.Load(path), Server, hasMainFile: true);

        plan.Edits.ShouldBeEmpty();
        var finding = plan.Findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe(ConfigFindingCodes.ProxyUnsure);
        finding.Message.ShouldStartWith($"{path}:{line}:");
        finding.Message.ShouldContain(ApacheRules.NotFoundRule);
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
