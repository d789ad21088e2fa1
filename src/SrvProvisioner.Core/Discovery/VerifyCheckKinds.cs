namespace SrvProvisioner.Core.Discovery;

/// <summary>The stable first word of every check name (scripts match on them; never rename one).</summary>
public static class VerifyCheckKinds
{
    public const string ServerName = "server-name";
    public const string WellKnown = "well-known";
    public const string SrvFed = "srv-fed";
    public const string SrvLegacy = "srv-legacy";
    public const string SrvAgreement = "srv-agreement";
    public const string SrvTargetCname = "srv-target-cname";
    public const string SrvFailover = "srv-failover";
    public const string Addresses = "addresses";
    public const string Discovery = "discovery";
    public const string Tcp = "tcp";
    public const string Tls = "tls";
    public const string CertificateName = "certificate-name";
    public const string CertificateValidity = "certificate-validity";
    public const string CertificateChain = "certificate-chain";
    public const string KeyEndpoint = "key-endpoint";
    public const string VersionEndpoint = "version-endpoint";
    public const string ExpectTarget = "expect-target";
    public const string Timeout = "timeout";
}
