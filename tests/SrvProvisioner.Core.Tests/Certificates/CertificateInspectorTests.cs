using SrvProvisioner.Core.Certificates;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Testing.Certificates;

namespace SrvProvisioner.Core.Tests.Certificates;

public sealed class CertificateInspectorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void TrustedLeafForTheName_IsValidAndTrusted_WithTheCaAsAnchor()
    {
        using var ca = new TestCertificateAuthority();
        using var leaf = ca.IssueLeaf(["example.com"]);

        var report = new CertificateInspector(new ChainTrust([ca.Certificate])).Inspect(leaf, [], "Example.COM");

        report.CoversHost.ShouldBeTrue();
        report.Validity.ShouldBe(CertificateValidity.Valid);
        report.ChainTrusted.ShouldBeTrue(report.ChainDetail);
    }

    [Fact]
    public void LeafFromAnotherCa_IsNotTrusted()
    {
        using var ca = new TestCertificateAuthority();
        using var rogue = new TestCertificateAuthority("rogue");
        using var leaf = rogue.IssueLeaf(["example.com"]);

        var report = new CertificateInspector(new ChainTrust([ca.Certificate])).Inspect(leaf, [rogue.Certificate], "example.com");

        report.ChainTrusted.ShouldBeFalse();
        report.ChainDetail.ShouldStartWith("not trusted");
    }

    [Fact]
    public void WithoutExtraAnchors_ATestCa_IsNotTrustedByTheSystemStore()
    {
        using var ca = new TestCertificateAuthority();
        using var leaf = ca.IssueLeaf(["example.com"]);

        new CertificateInspector(new ChainTrust()).Inspect(leaf, [ca.Certificate], "example.com").ChainTrusted.ShouldBeFalse();
    }

    [Theory]
    [InlineData(-10, -1, CertificateValidity.Expired)]
    [InlineData(-10, 5, CertificateValidity.ExpiresSoon)]
    [InlineData(-10, 30, CertificateValidity.Valid)]
    [InlineData(2, 30, CertificateValidity.NotYetValid)]
    public void Validity_IsJudgedAgainstNow_WithA14DayWarning(int fromDays, int untilDays, CertificateValidity expected)
    {
        using var ca = new TestCertificateAuthority();
        using var leaf = ca.IssueLeaf(["example.com"], Now.AddDays(fromDays), Now.AddDays(untilDays));

        new CertificateInspector(new ChainTrust([ca.Certificate])).Inspect(leaf, [], "example.com").Validity.ShouldBe(expected);
    }

    [Fact]
    public void WildcardReport_SaysItMissesTheApex()
    {
        using var ca = new TestCertificateAuthority();
        using var leaf = ca.IssueLeaf(["*.example.com"]);

        var report = new CertificateInspector(new ChainTrust([ca.Certificate])).Inspect(leaf, [], "example.com");

        report.CoversHost.ShouldBeFalse();
        report.WildcardMissesApex.ShouldBeTrue();
    }

    [Fact]
    public void PemWithoutCertificate_IsOneClearError()
    {
        Should.Throw<InvalidInputException>(() => PemCertificates.Parse("hello", "--cert-file 'x.pem'")).Message.ShouldContain("BEGIN CERTIFICATE");
    }

    [Fact]
    public void PemFile_WithChain_LoadsLeafFirst()
    {
        using var ca = new TestCertificateAuthority();
        using var leaf = ca.IssueLeaf(["example.com"]);
        var dir = Directory.CreateTempSubdirectory().FullName;
        var (path, _) = PemFiles.Write(dir, "leaf", leaf, ca.Certificate);

        var loaded = PemCertificates.Load(path, "--cert-file");

        loaded.Count.ShouldBe(2);
        loaded[0].Thumbprint.ShouldBe(leaf.Thumbprint);
        Directory.Delete(dir, true);
    }
}
