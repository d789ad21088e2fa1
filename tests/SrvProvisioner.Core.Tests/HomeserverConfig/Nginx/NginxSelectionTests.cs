using SrvProvisioner.Core.HomeserverConfig.Nginx;

namespace SrvProvisioner.Core.Tests.HomeserverConfig.Nginx;

/// <summary>Server and location choice, with expectations taken from nginx's documentation ("Server names", "location").</summary>
public sealed class NginxSelectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-nginx-sel-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("example.com", "exact")]
    [InlineData("www.example.com", "leading")]
    [InlineData("a.b.example.com", "leading")]
    [InlineData("example.org", "trailing")]
    [InlineData("matrix.test", "regex1")]
    [InlineData("nothing.else", "default")]
    public void Select_FollowsNginxOrder_ExactLeadingTrailingRegexDefault(string host, string expected)
    {
        var servers = Servers("""
            server { listen 443; server_name first; return 200 'first'; }
            server { listen 443; server_name ~^matrix\.(test|example)$; return 200 'regex1'; }
            server { listen 443; server_name ~\.test$; return 200 'regex2'; }
            server { listen 443; server_name example.*; return 200 'trailing'; }
            server { listen 443; server_name *.com; return 200 'short'; }
            server { listen 443; server_name .example.com; return 200 'leading'; }
            server { listen 443 default_server; server_name _; return 200 'default'; }
            server { listen 443; server_name Example.COM; return 200 'exact'; }
            """);
        var selection = NginxServerSelector.Select(servers, host).ShouldHaveSingleItem();
        selection.Server.Node.Last("return")!.Directive.Arg(1).ShouldBe(expected);
        selection.IsDefault.ShouldBe(expected == "default");
    }

    [Fact]
    public void Select_WithoutDefaultServer_TakesThePortsFirstServer_PerListenSocket()
    {
        var servers = Servers("""
            server { listen 80; server_name a.test; return 200 'a80'; }
            server { listen 127.0.0.1:8443; server_name b.test; return 200 'b'; }
            server { listen 443; listen [::]:443; server_name other.test; return 200 'c'; }
            """);
        var selections = NginxServerSelector.Select(servers, "example.com");
        selections.Select(s => (s.ListenKey, s.Server.Node.Last("return")!.Directive.Arg(1))).ShouldBe([("*:80", "a80"), ("127.0.0.1:8443", "b"), ("*:443", "c"), ("[::]:443", "c")]);
        selections.ShouldAllBe(s => s.IsDefault);
    }

    [Theory]
    [InlineData("/", "A")]
    [InlineData("/index.html", "B")]
    [InlineData("/documents/document.html", "C")]
    [InlineData("/images/1.gif", "D")]
    [InlineData("/documents/1.jpg", "E")]
    [InlineData("/documents/1.JPG", "E")]
    public void Match_IsNginxDocumentationExample(string uri, string expected)
    {
        var server = Servers("""
            server {
                location = / { return 200 A; }
                location / { return 200 B; }
                location /documents/ { return 200 C; }
                location ^~ /images/ { return 200 D; }
                location ~* \.(gif|jpg|jpeg)$ { return 200 E; }
            }
            """).ShouldHaveSingleItem();
        var match = NginxLocationMatcher.Match(server.Node, uri);
        match.Location!.Node.Last("return")!.Directive.Arg(1).ShouldBe(expected);
    }

    [Theory]
    [InlineData("/.well-known/matrix/server", "inner-exact")]
    [InlineData("/.well-known/matrix/client", "regex-first")]
    [InlineData("/.well-known/other", "outer")]
    public void Match_SearchesNestedLocations_ThenRegexesInOrder(string uri, string expected)
    {
        var server = Servers("""
            server {
                location /.well-known/ {
                    location = /.well-known/matrix/server { return 200 inner-exact; }
                    return 200 outer;
                }
                location ~ /matrix/ { return 200 regex-first; }
                location ~ client$ { return 200 regex-second; }
            }
            """).ShouldHaveSingleItem();
        NginxLocationMatcher.Match(server.Node, uri).Location!.Node.Last("return")!.Directive.Arg(1).ShouldBe(expected);
    }

    private IReadOnlyList<NginxServerBlock> Servers(string body)
    {
        var path = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(path, "events {}\nhttp {\n" + body + "\n}\n");
        var tree = NginxTree.Load(path, null);
        return [.. NginxRules.HttpBlocks(tree).Single().Named("server").Select(NginxServerBlock.From)];
    }
}
