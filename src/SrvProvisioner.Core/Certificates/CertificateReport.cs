namespace SrvProvisioner.Core.Certificates;

/// <summary>
/// What a certificate says about one host name: name coverage, validity window and chain
/// trust, each judged on its own (a certificate can be trusted and still name the wrong host).
/// </summary>
public sealed record CertificateReport(
    string Host,
    string Subject,
    IReadOnlyList<string> DnsNames,
    bool CoversHost,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    CertificateValidity Validity,
    bool ChainTrusted,
    string ChainDetail)
{
    /// <summary>The certificate's iPAddress entries (what an IP-literal server name must match).</summary>
    public IReadOnlyList<string> IpAddresses { get; init; } = [];

    /// <summary>A wildcard for the host's own children is present, but the host is the apex (never covered).</summary>
    public bool WildcardMissesApex => !CoversHost && DnsNames.Contains("*." + Host);

    public string NamesText => DnsNames.Count + IpAddresses.Count == 0
        ? "(no DNS names)"
        : string.Join(", ", DnsNames.Concat(IpAddresses.Select(a => "IP:" + a)));
}
