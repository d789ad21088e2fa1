namespace SrvProvisioner.Providers.Route53.Api;

/// <summary>
/// A ResourceRecordSet as the API spells it. <see cref="Name"/> is as sent or received (Route 53
/// answers with a trailing dot and <c>\ooo</c> escapes); values are Route 53's own text.
/// <see cref="SetIdentifier"/> marks routing-policy sets, <see cref="AliasDnsName"/> alias sets.
/// </summary>
internal sealed record ApiRecordSet(string Name, string Type, uint? Ttl, IReadOnlyList<string> Values)
{
    public string? SetIdentifier { get; init; }

    public string? AliasDnsName { get; init; }
}
