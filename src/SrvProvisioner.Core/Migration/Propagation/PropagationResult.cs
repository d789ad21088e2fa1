namespace SrvProvisioner.Core.Migration.Propagation;

/// <summary>
/// The outcome of waiting for propagation: every server's last answer, or why the servers
/// could not be found (<see cref="ServersUnknown"/>).
/// </summary>
public sealed record PropagationResult(IReadOnlyList<ServerAnswer> Servers, TimeSpan Waited)
{
    /// <summary>Why the zone's name servers are not known (NS lookup failed); null when they are.</summary>
    public string? ServersUnknown { get; init; }

    public bool Complete => ServersUnknown is null && Servers.Count > 0 && Servers.All(s => s.Serves);

    public IReadOnlyList<ServerAnswer> Lagging => [.. Servers.Where(s => !s.Serves)];
}
