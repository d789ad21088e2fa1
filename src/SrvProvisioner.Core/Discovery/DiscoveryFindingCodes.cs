namespace SrvProvisioner.Core.Discovery;

/// <summary>Stable finding codes of verify, <c>--check-live</c> and <c>--cert-file</c> (never rename one).</summary>
public static class DiscoveryFindingCodes
{
    public const string WellKnownServed = "well-known-served";
    public const string WellKnownNotServed = "well-known-not-served";
    public const string DnsLookupFailed = "dns-lookup-failed";
    public const string SrvLegacyOnly = "srv-legacy-only";
    public const string SrvNoService = "srv-no-service";
    public const string NoSrv = "srv-none";
    public const string SrvPreferredTargetDead = "srv-preferred-target-dead";
    public const string SrvTargetDead = "srv-target-dead";
    public const string TargetNoAddress = "target-no-address";
    public const string ConnectFailed = "connect-failed";
    public const string TlsFailed = "tls-failed";
    public const string CertificateNameMismatch = "certificate-name-mismatch";
    public const string CertificateForTargetOnly = "certificate-for-target-only";
    public const string CertificateWildcardApex = "certificate-wildcard-not-apex";
    public const string CertificateExpired = "certificate-expired";
    public const string CertificateExpiresSoon = "certificate-expires-soon";
    public const string CertificateNotYetValid = "certificate-not-yet-valid";
    public const string CertificateUntrusted = "certificate-untrusted";
    public const string CertificateOk = "certificate-ok";
    public const string ProxyRejectsServerName = "proxy-rejects-server-name";
    public const string KeyEndpointFailed = "key-endpoint-failed";
    public const string KeyServerNameMismatch = "key-server-name-mismatch";
    public const string VersionEndpointFailed = "version-endpoint-failed";
    public const string ExpectTargetMismatch = "expect-target-mismatch";
    public const string Timeout = "verify-timeout";

    /// <summary>No network or DNS answer at all from this machine: nothing was checked (exit 1), not a fault of the zone.</summary>
    public const string CouldNotCheck = "could-not-check";
}
