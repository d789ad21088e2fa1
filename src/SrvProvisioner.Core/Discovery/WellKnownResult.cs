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

    /// <summary>The final 200 response's body (at most <see cref="WellKnownFetcher.MaxBodyBytes"/>); empty otherwise.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Every hop: "301 https://a/... -> https://b/...", then the final status and URL.</summary>
    public IReadOnlyList<string> RedirectChain { get; init; } = [];

    /// <summary>The final response's <c>Cache-Control: max-age</c>, how long remote servers may cache it.</summary>
    public TimeSpan? CacheMaxAge { get; init; }

    /// <summary>The final response's <c>Expires</c> header (used when there is no max-age, RFC 9111 §5.3).</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>The final response's <c>Date</c> header, the base <see cref="Expires"/> is measured from.</summary>
    public DateTimeOffset? Date { get; init; }

    public string ServedBy => ServerHeader is { Length: > 0 } s ? $"the server that answered (Server: {s})" : "the server that answered (no Server header)";
}
