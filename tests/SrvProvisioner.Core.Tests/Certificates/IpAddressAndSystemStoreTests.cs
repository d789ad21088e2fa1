using System.Net;
using SrvProvisioner.Core.Certificates;
using SrvProvisioner.Testing.Certificates;

namespace SrvProvisioner.Core.Tests.Certificates;

/// <summary>IP-literal names against iPAddress SANs (RFC 2818 §3.1) and chain verdicts from a system store read by <see cref="SystemRootStore"/>.</summary>
public sealed class IpAddressAndSystemStoreTests
{
    [Fact]
    public void IpLiteral_IsCoveredByAnIpAddressSan()
    {
        using var ca = new TestCertificateAuthority();
        using var leaf = ca.IssueLeaf(["matrix.example.com"], ipAddresses: [IPAddress.Parse("192.0.2.7"), IPAddress.IPv6Loopback]);

        CertificateNameMatcher.Covers(leaf, "192.0.2.7").ShouldBeTrue();
        CertificateNameMatcher.Covers(leaf, "[::1]").ShouldBeTrue();
        CertificateNameMatcher.Covers(leaf, "192.0.2.8").ShouldBeFalse();
    }

    [Fact]
    public void IpLiteral_IsNotCoveredByADnsNameSpellingTheAddress()
    {
        using var ca = new TestCertificateAuthority();
        using var leaf = ca.IssueLeaf(["192.0.2.7"]);

        CertificateNameMatcher.Covers(leaf, "192.0.2.7").ShouldBeFalse();
        new CertificateInspector(new ChainTrust([ca.Certificate])).Inspect(leaf, [], "192.0.2.7").CoversHost.ShouldBeFalse();
    }

    [Fact]
    public void Inspector_ReportsTheIpAddressSans_ForAnIpLiteral()
    {
        using var ca = new TestCertificateAuthority();
        using var leaf = ca.IssueLeaf([], ipAddresses: [IPAddress.Loopback]);

        var report = new CertificateInspector(new ChainTrust([ca.Certificate])).Inspect(leaf, [], "127.0.0.1");

        report.CoversHost.ShouldBeTrue();
        report.NamesText.ShouldBe("IP:127.0.0.1");
    }

    [Fact]
    public void SystemStore_FromADirectoryWithHashLinks_TrustsItsRoot()
    {
        using var ca = new TestCertificateAuthority("srvprov system root");
        using var leaf = ca.IssueLeaf(["example.com"]);
        var dir = Directory.CreateTempSubdirectory("srvprov-store-").FullName;
        try
        {
            var path = ca.WriteCaFile(dir, "root.pem");
            File.CreateSymbolicLink(Path.Combine(dir, "0badc0de.0"), path);
            var store = new SystemRootStore([], [dir]);

            var (trusted, detail) = new ChainTrust([], store).Evaluate(leaf, [], DateTimeOffset.UtcNow);

            trusted.ShouldBeTrue(detail);
            detail.ShouldBe("trusted by the system store");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void SystemStore_BundleFile_DoesNotTrustAnotherCa_AndSaysWhereTheChainEnds()
    {
        using var ca = new TestCertificateAuthority("srvprov system root");
        using var rogue = new TestCertificateAuthority("srvprov rogue root");
        using var leaf = rogue.IssueLeaf(["example.com"]);
        var dir = Directory.CreateTempSubdirectory("srvprov-store-").FullName;
        try
        {
            var bundle = Path.Combine(dir, "bundle.crt");
            File.WriteAllText(bundle, "# comment lines are allowed\n" + ca.Certificate.ExportCertificatePem() + "\n");
            var store = new SystemRootStore([bundle], []);

            var (trusted, detail) = new ChainTrust([], store).Evaluate(leaf, [rogue.Certificate], DateTimeOffset.UtcNow);

            trusted.ShouldBeFalse();
            detail.ShouldContain("CN=srvprov rogue root");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void SystemStore_IsNotRead_WhenTheExtraAnchorsDecide()
    {
        using var ca = new TestCertificateAuthority();
        using var leaf = ca.IssueLeaf(["example.com"]);

        // A store that cannot be read at all: the verdict must come from --ca-file alone.
        var store = new SystemRootStore(["/nonexistent/srvprov/bundle.crt"], ["/nonexistent/srvprov/certs"]);
        var (trusted, detail) = new ChainTrust([ca.Certificate], store).Evaluate(leaf, [], DateTimeOffset.UtcNow);

        trusted.ShouldBeTrue();
        detail.ShouldBe("trusted by --ca-file");
    }

    [Fact]
    public void SelfSignedCertificate_NotInTheSystemStore_IsUntrusted_InOpenSslWords()
    {
        using var storeRoot = new TestCertificateAuthority("srvprov system root");
        using var selfSigned = new TestCertificateAuthority("matrix.example.com");
        var dir = Directory.CreateTempSubdirectory("srvprov-store-").FullName;
        try
        {
            storeRoot.WriteCaFile(dir, "root.pem");
            var store = new SystemRootStore([], [dir]);

            var (trusted, detail) = new ChainTrust([], store).Evaluate(selfSigned.Certificate, [], DateTimeOffset.UtcNow);

            trusted.ShouldBeFalse();
            detail.ShouldBe("not trusted: self-signed certificate (chain ends at 'CN=matrix.example.com')");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
