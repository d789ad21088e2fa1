namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// The outcome of fetching <c>https://&lt;server name&gt;/.well-known/matrix/server</c>: valid
/// (a delegation that takes precedence over SRV) or why it is not, with the evidence.
/// </summary>
public sealed record WellKnownResult(string Url, bool IsValid, string Reason)
{
    /// <summary>The <c>m.server</c> value of a valid answer.</summary>
    public MatrixServerName? Delegated { get; init; }

    public int? StatusCode { get; init; }

    /// <summary>The final response's <c>Server</c> header: what served the file.</summary>
    public string? ServerHeader { get; init; }

    /// <summary>Every hop: "301 https://a/... -> https://b/...", then the final status and URL.</summary>
    public IReadOnlyList<string> RedirectChain { get; init; } = [];

    public string ServedBy => ServerHeader is { Length: > 0 } s ? $"the server that answered (Server: {s})" : "the server that answered (no Server header)";
}
