namespace SrvProvisioner.Core.Json;

/// <summary>What the plan was asked for: the SRV records' texts, their TTL and which services (<c>both</c>, <c>fed</c>, <c>legacy</c>).</summary>
public sealed record RequestDocument
{
    public IReadOnlyList<string>? Records { get; init; }

    public uint? Ttl { get; init; }

    public string? Services { get; init; }
}
