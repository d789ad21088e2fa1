namespace SrvProvisioner.Testing.Bind;

/// <summary>A zone for a test <see cref="BindServer"/>: its origin and master-file text.</summary>
public sealed record BindZone(string Origin, string MasterFileText)
{
    /// <summary>Accept RFC 2136 updates signed with the server's TSIG key.</summary>
    public bool AllowUpdate { get; init; } = true;
}
