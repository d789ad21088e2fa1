using System.Net.Http.Headers;

namespace SrvProvisioner.Providers.Webhook.Api;

/// <summary>
/// The protocol's media type and version (ExternalDNS tutorial "Webhook provider": every
/// request and answer carries <c>application/external.dns.webhook+json;version=1</c> in
/// <c>Accept</c> and <c>Content-Type</c>; a server that speaks another version answers with it,
/// and the client must not go on).
/// </summary>
internal static class WebhookMediaType
{
    public const string Name = "application/external.dns.webhook+json";
    public const string Version = "1";
    public const string Full = Name + ";version=" + Version;

    public static MediaTypeWithQualityHeaderValue Accept() => MediaTypeWithQualityHeaderValue.Parse(Full);

    public static MediaTypeHeaderValue ContentType() => MediaTypeHeaderValue.Parse(Full);

    /// <summary>True when <paramref name="answered"/> is this media type with version 1 (parameter names and the type compare without case; quotes allowed).</summary>
    public static bool IsSpoken(MediaTypeHeaderValue? answered)
    {
        if (answered is null || !string.Equals(answered.MediaType, Name, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var version = answered.Parameters.FirstOrDefault(p => string.Equals(p.Name, "version", StringComparison.OrdinalIgnoreCase))?.Value;
        return version is not null && version.Trim('"') == Version;
    }
}
