using System.Net;

namespace SrvProvisioner.Providers.Route53.Api;

/// <summary>
/// An error answer from the Route 53 API, parsed from its
/// <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;/ErrorResponse&gt;</c>
/// body (Route 53 API reference, "Common Errors"). The provider turns it into a message for the user.
/// </summary>
internal sealed class Route53ApiException : Exception
{
    public Route53ApiException(string action, HttpStatusCode statusCode, string code, string awsMessage, TimeSpan? retryAfter = null)
        : base($"Route 53 {action}: HTTP {(int)statusCode} {code}: {awsMessage}")
    {
        Action = action;
        StatusCode = statusCode;
        Code = code;
        AwsMessage = awsMessage;
        RetryAfter = retryAfter;
    }

    /// <summary>The API action, e.g. <c>ChangeResourceRecordSets</c>.</summary>
    public string Action { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>AWS's error code, e.g. <c>Throttling</c>, <c>InvalidChangeBatch</c>.</summary>
    public string Code { get; }

    /// <summary>AWS's own message text.</summary>
    public string AwsMessage { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// True when an earlier try of the same ChangeResourceRecordSets failed in a way that may
    /// have applied it (timeout, 5xx, lost connection), so this error may describe our own write.
    /// </summary>
    public bool AfterUncertainAttempt { get; init; }
}
