using System.Net;

namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>
/// A Cloudflare answer with <c>"success": false</c> or a non-2xx status: the call, the HTTP
/// status, the envelope's errors and the <c>Retry-After</c> the service asked for.
/// </summary>
internal sealed class CloudflareApiException : Exception
{
    public CloudflareApiException(string call, HttpStatusCode status, IReadOnlyList<ApiMessage> errors, TimeSpan? retryAfter)
        : base($"Cloudflare {call}: HTTP {(int)status}{(errors.Count > 0 ? ": " + Describe(errors) : string.Empty)}")
    {
        Call = call;
        Status = status;
        Errors = errors;
        RetryAfter = retryAfter;
    }

    /// <summary>What was asked, e.g. "GET dns_records" or "POST dns_records/batch".</summary>
    public string Call { get; }

    public HttpStatusCode Status { get; }

    public IReadOnlyList<ApiMessage> Errors { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>Cloudflare's own words, one line: "81044: Record does not exist. (code 1002: ...)".</summary>
    public string CloudflareText => Errors.Count > 0 ? Describe(Errors) : "no error details";

    public bool HasCode(int code) => Errors.Any(e => e.Code == code);

    private static string Describe(IReadOnlyList<ApiMessage> errors) =>
        string.Join("; ", errors.Select(e => $"{Clean(e.Message)} (code {e.Code})"));

    /// <summary>Keeps an error text to one short line: no control characters, at most 200 characters.</summary>
    private static string Clean(string? text)
    {
        var line = new string([.. (text ?? "(no message)").Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return line.Length > 200 ? line[..200] + "..." : line;
    }
}
