using SrvProvisioner.Core.Certificates;
using SrvProvisioner.Testing.Certificates;

namespace SrvProvisioner.Core.Tests.Certificates;

public sealed class CertificateNameMatcherTests
{
    [Theory]
    [InlineData("example.com", "example.com", true)]
    [InlineData("EXAMPLE.com", "example.COM", true)]
    [InlineData("example.com.", "example.com", true)]
    [InlineData("*.example.com", "matrix.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "a.b.example.com", false)]
    [InlineData("m*.example.com", "matrix.example.com", false)]
    [InlineData("matrix.*.com", "matrix.example.com", false)]
    [InlineData("*.com", "example.com", false)]
    [InlineData("xn--bcher-kva.example", "bücher.example", true)]
    [InlineData("bücher.example", "xn--bcher-kva.example", true)]
    [InlineData("*.xn--bcher-kva.example", "matrix.bücher.example", true)]
    [InlineData("matrix.example.com", "example.com", false)]
    public void Matches_FollowsRfc6125(string presented, string host, bool expected) =>
        CertificateNameMatcher.Matches(presented, host).ShouldBe(expected);

    [Fact]
    public void CommonName_IsIgnored_WhenSansExist()
    {
        using var ca = new TestCertificateAuthority();
        using var leaf = ca.IssueLeaf(["matrix.example.com"], commonName: "example.com");

        CertificateNameMatcher.Covers(leaf, "example.com").ShouldBeFalse();
        CertificateNameMatcher.Covers(leaf, "matrix.example.com").ShouldBeTrue();
    }

    [Fact]
    public void CommonName_IsUsed_OnlyWithoutASanExtension()
    {
        using var ca = new TestCertificateAuthority();
        using var leaf = ca.IssueLeaf([], commonName: "example.com");

        CertificateNameMatcher.GetDnsNames(leaf).ShouldBe(["example.com"]);
    }
}
