namespace SrvProvisioner.Testing.Route53;

/// <summary>A record set as the emulator stores it: name normalised (lower case, trailing dot), values as Route 53 keeps them.</summary>
public sealed record EmulatedRecordSet(string Name, string Type, uint Ttl, IReadOnlyList<string> Values)
{
    /// <summary>Same TTL and the same values in any order: what an exact DELETE must match.</summary>
    public bool MatchesExactly(EmulatedRecordSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Ttl == other.Ttl && Values.Order(StringComparer.Ordinal).SequenceEqual(other.Values.Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }
}
