using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Tests.Discovery;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("example.com", "example.com", null, false)]
    [InlineData("Example.COM:8448", "example.com", 8448, false)]
    [InlineData("1.2.3.4", "1.2.3.4", null, true)]
    [InlineData("1.2.3.4:443", "1.2.3.4", 443, true)]
    [InlineData("[::1]", "::1", null, true)]
    [InlineData("[2001:db8::1]:8448", "2001:db8::1", 8448, true)]
    [InlineData("bücher.example", "xn--bcher-kva.example", null, false)]
    public void ServerName_ParsesEveryFormTheSpecAllows(string text, string host, int? port, bool ip)
    {
        var name = MatrixServerName.Parse(text);

        name.Host.ShouldBe(host);
        name.Port.ShouldBe(port);
        name.IsIpLiteral.ShouldBe(ip);
    }

    [Theory]
    [InlineData("")]
    [InlineData("example.com:0")]
    [InlineData("example.com:99999")]
    [InlineData("2001:db8::1")]
    [InlineData("[::1")]
    [InlineData("exa mple.com")]
    public void ServerName_RefusesBadInput(string text) =>
        Should.Throw<InvalidInputException>(() => MatrixServerName.Parse(text));

    [Fact]
    public void ConnectTo_MapsHostAndPort_AsCurlDoes()
    {
        var map = ConnectToMap.Parse(["matrix.example.com:8448:127.0.0.1:9000", ":443:[::1]:", "::other.test:"]);

        map.Resolve("Matrix.Example.com", 8448).ShouldBe(("127.0.0.1", 9000, map.Rules[0]));
        map.Resolve("example.com", 443).ShouldBe(("::1", 443, map.Rules[1]));
        map.Resolve("anything.test", 80).ShouldBe(("other.test", 80, map.Rules[2]));
    }

    [Fact]
    public void ConnectTo_FirstMatchingRuleWins()
    {
        var map = ConnectToMap.Parse(["a.test:443:127.0.0.1:1", ":443:127.0.0.1:2"]);

        map.Resolve("a.test", 443).Port.ShouldBe(1);
        map.Resolve("b.test", 443).Port.ShouldBe(2);
        map.Resolve("b.test", 8448).Rule.ShouldBeNull();
    }

    [Fact]
    public void ConnectTo_ReadsBracketedIpv6OnBothSides()
    {
        var rule = ConnectToRule.Parse("[::1]:8448:[0:0::1]:9448");

        rule.ShouldBe(new ConnectToRule("::1", 8448, "::1", 9448));
        rule.ToString().ShouldBe("[::1]:8448:[::1]:9448");
    }

    [Fact]
    public void ConnectTo_KeepsReadingABracketedName_AsTheName() =>
        ConnectToRule.Parse("[Matrix.Example.com]:1:b.test:2").ShouldBe(new ConnectToRule("matrix.example.com", 1, "b.test", 2));

    [Fact]
    public void ConnectTo_NamesTheBadPort() =>
        Should.Throw<InvalidInputException>(() => ConnectToRule.Parse("a:70000:b:2")).Message
            .ShouldBe("--connect-to 'a:70000:b:2': port '70000' is not a number from 1 to 65535.");

    [Theory]
    [InlineData("a:1:b")]
    [InlineData("a:1:b:2:3")]
    [InlineData("a:x:b:2")]
    [InlineData("a:1:[::1:2")]
    public void ConnectTo_RefusesMalformedRules(string text) =>
        Should.Throw<InvalidInputException>(() => ConnectToRule.Parse(text)).Message.ShouldContain("--connect-to");

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1:53")]
    [InlineData("127.0.0.1:5353", "127.0.0.1:5353")]
    [InlineData("[::1]:5353", "[::1]:5353")]
    public void DnsServer_DefaultsToPort53(string text, string expected) =>
        DnsServerAddress.Parse(text).ToString().ShouldBe(expected);

    [Fact]
    public void ExpectTarget_NeedsAPort() =>
        Should.Throw<InvalidInputException>(() => HostAndPort.Parse("matrix.example.com", "--expect-target")).Message.ShouldContain("needs a port");
}
