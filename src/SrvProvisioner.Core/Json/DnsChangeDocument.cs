namespace SrvProvisioner.Core.Json;

/// <summary>A record-set change: <see cref="Before"/> and <see cref="After"/> hold the records' texts (<c>10 0 8448 matrix.example.com.</c>), empty for none.</summary>
public sealed record DnsChangeDocument : ChangeDocument
{
    /// <summary>Fully qualified, trailing dot.</summary>
    public string? Name { get; init; }

    /// <summary>The type mnemonic, e.g. <c>SRV</c>.</summary>
    public string? Type { get; init; }

    public IReadOnlyList<string>? Before { get; init; }

    public IReadOnlyList<string>? After { get; init; }

    /// <summary>Absent when the set does not exist yet.</summary>
    public uint? TtlBefore { get; init; }

    /// <summary>Absent when the set is deleted.</summary>
    public uint? TtlAfter { get; init; }
}
