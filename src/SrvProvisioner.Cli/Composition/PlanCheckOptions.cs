namespace SrvProvisioner.Cli.Composition;

/// <summary>
/// Connection settings shared by the checks that go on the network (<c>--check-live</c>):
/// the same meaning as verify's options of the same names.
/// </summary>
internal sealed record PlanCheckOptions(TimeSpan Timeout)
{
    public IReadOnlyList<string> ConnectTo { get; init; } = [];

    public string? CaFile { get; init; }

    public string? DnsServer { get; init; }
}
