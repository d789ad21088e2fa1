using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Tests.Dns;

public sealed class DnsNameTests
{
    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("Example.COM.", "example.com")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example")]
    [InlineData("a-b.c0.example", "a-b.c0.example")]
    public void ParseServerName_Canonicalises(string input, string expected) =>
        DnsName.ParseServerName(input).Value.ShouldBe(expected);

    [Theory]
    [InlineData("192.0.2.1", "IP address")]
    [InlineData("[2001:db8::1]", "IP address")]
    [InlineData("2001:db8::1", "IP address")]
    [InlineData("192.0.2.1:8448", "IP address")]
    [InlineData("example.com:8448", "port")]
    [InlineData("exa mple.com", "white space")]
    [InlineData("example..com", "empty label")]
    [InlineData(".example.com", "empty label")]
    [InlineData("-example.com", "hyphen")]
    [InlineData("example-.com", "hyphen")]
    [InlineData("ex_ample.com", "'_'")]
    [InlineData("exa$mple.com", "'$'")]
    [InlineData("", "empty")]
    public void ParseServerName_RefusesWithReason(string input, string reason)
    {
        var ex = Should.Throw<InvalidInputException>(() => DnsName.ParseServerName(input));
        ex.Message.ShouldContain(reason);
    }

    [Fact]
    public void ParseServerName_RefusesLabelOver63Octets_AndAcceptsExactly63()
    {
        DnsName.ParseServerName(new string('a', 63) + ".example").Labels[0].Length.ShouldBe(63);
        Should.Throw<InvalidInputException>(() => DnsName.ParseServerName(new string('a', 64) + ".example")).Message.ShouldContain("63");
    }

    [Fact]
    public void ParseServerName_RefusesNameOver253Octets_AndAcceptsExactly253()
    {
        // 4 labels of 63 + 3 dots = 255 > 253; trim to exactly 253.
        var ok = string.Join('.', new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 61));
        ok.Length.ShouldBe(253);
        DnsName.ParseServerName(ok).Value.Length.ShouldBe(253);
        Should.Throw<InvalidInputException>(() => DnsName.ParseServerName(ok + "d")).Message.ShouldContain("253");
    }

    [Fact]
    public void ParseServerName_RefusesIdnLabelWhosePunycodeExceeds63()
    {
        var label = new string('ü', 60);
        Should.Throw<InvalidInputException>(() => DnsName.ParseServerName(label + ".example"));
    }

    [Fact]
    public void Parse_AcceptsServiceLabels()
    {
        var name = DnsName.Parse("_matrix-fed._tcp.example.com.");
        name.Labels.ShouldBe(["_matrix-fed", "_tcp", "example", "com"]);
        name.Fqdn.ShouldBe("_matrix-fed._tcp.example.com.");
    }

    [Theory]
    [InlineData("example.com", "example.com", true)]
    [InlineData("a.example.com", "example.com", true)]
    [InlineData("aexample.com", "example.com", false)]
    [InlineData("example.com", "a.example.com", false)]
    public void IsAtOrBelow_ComparesWholeLabels(string name, string zone, bool expected) =>
        DnsName.Parse(name).IsAtOrBelow(DnsName.Parse(zone)).ShouldBe(expected);

    [Fact]
    public void RelativeTo_GivesAtForApex_AndLabelsOtherwise()
    {
        var zone = DnsName.Parse("example.com");
        DnsName.Parse("example.com").RelativeTo(zone).ShouldBe("@");
        DnsName.Parse("_matrix._tcp.example.com").RelativeTo(zone).ShouldBe("_matrix._tcp");
    }

    [Fact]
    public void CompareTo_OrdersByReversedLabels()
    {
        var names = new[] { "b.example.com", "example.com", "a.example.com", "z.example.org", "_matrix._tcp.example.com" }.Select(DnsName.Parse).Order().Select(n => n.Value);
        names.ShouldBe(["example.com", "_matrix._tcp.example.com", "a.example.com", "b.example.com", "z.example.org"]);
    }

    [Fact]
    public void ToDisplayString_ShowsUnicodeForm() =>
        DnsName.ParseServerName("xn--bcher-kva.example").ToDisplayString().ShouldBe("bücher.example");
}
