namespace SrvProvisioner.Testing.Bind;

/// <summary>A zone for a test <see cref="BindServer"/>: its origin and master-file text.</summary>
public sealed record BindZone(string Origin, string MasterFileText)
{
    /// <summary>Accept RFC 2136 updates signed with the server's TSIG key.</summary>
    public bool AllowUpdate { get; init; } = true;

    /// <summary>Extra statements inside the zone's block (e.g. <c>notify explicit; also-notify { ... };</c>).</summary>
    public string ZoneOptions { get; init; } = string.Empty;

    /// <summary>Serve the zone as a secondary of this primary address (the master-file text is then unused).</summary>
    public string? Primary { get; init; }

    /// <summary>
    /// A read-only zone as a provider's name servers serve it once delegated: SOA, NS and the
    /// given records (relative owners, e.g. "matrix IN A 192.0.2.10").
    /// </summary>
    public static BindZone Served(string origin, params string[] records) => new(
        origin,
        $"$ORIGIN {origin.TrimEnd('.')}.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 600 86400 300\n  IN NS ns1\nns1 IN A 127.0.0.1\n{string.Join('\n', records)}\n")
    {
        AllowUpdate = false,
    };
}
