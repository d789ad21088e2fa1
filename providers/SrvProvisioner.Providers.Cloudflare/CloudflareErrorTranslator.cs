using System.Net;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Providers.Cloudflare.Api;

namespace SrvProvisioner.Providers.Cloudflare;

/// <summary>
/// Turns what went wrong talking to Cloudflare into one line: Cloudflare's own words from the
/// envelope's <c>errors</c>, then what to do. An invalid token and a token that lacks a
/// permission are told apart, and the missing permission is named for the call that needed it
/// (zones: Zone → Zone → Read; records: Zone → DNS → Read, which Edit includes; the batch:
/// Zone → DNS → Edit). Never includes the token.
/// </summary>
internal static class CloudflareErrorTranslator
{
    /// <summary>Cloudflare's codes for a token it does not accept (malformed, unknown, expired, revoked).</summary>
    private static readonly int[] InvalidTokenCodes = [1000, 6003, 6100, 6101, 6102, 6103, 6111, 9106, 9109];

    /// <summary>"Authentication error" and "Unauthorized to access requested resource": a valid token without the permission.</summary>
    private static readonly int[] MissingPermissionCodes = [9103, 10000];

    public static SrvProvisionerException Translate(Exception exception, CloudflareSettings settings, int attempts) => exception switch
    {
        SrvProvisionerException known => known,
        UncertainBatchException uncertain => FromApi(uncertain.Refusal, settings, attempts),
        CloudflareApiException api => FromApi(api, settings, attempts),
        TimeoutException t => new ProviderException($"Cloudflare at {settings.Endpoint} did not answer in time ({t.Message.TrimEnd('.')}, {attempts} tries). Check the network or proxy, or --cloudflare-endpoint.", t),
        HttpRequestException h => new ProviderException($"Could not reach Cloudflare at {settings.Endpoint}: {h.Message} ({attempts} tries). Check the network or proxy, or --cloudflare-endpoint.", h),
        _ => new ProviderException($"Cloudflare call failed: {exception.Message}", exception),
    };

    private static SrvProvisionerException FromApi(CloudflareApiException api, CloudflareSettings settings, int attempts)
    {
        var said = $"Cloudflare {api.Call}: {api.CloudflareText}";
        var status = (int)api.Status;
        if (api.Status == HttpStatusCode.Unauthorized || (api.Errors.Any(e => InvalidTokenCodes.Contains(e.Code)) && !api.HasCode(10000) && status is 400 or 401 or 403))
        {
            return new ProviderException($"{said}. Cloudflare does not accept the API token from {settings.TokenSource} (wrong, expired or revoked): create one under My Profile → API Tokens with Zone → DNS → Edit and Zone → Zone → Read, and set it there.", api);
        }

        if (api.Status == HttpStatusCode.Forbidden || api.Errors.Any(e => MissingPermissionCodes.Contains(e.Code)))
        {
            return new ProviderException($"{said}. The API token from {settings.TokenSource} lacks {Permission(api.Call)} for this zone: edit the token (My Profile → API Tokens) to grant Zone → DNS → Edit and Zone → Zone → Read on it.", api);
        }

        if (api.Status == HttpStatusCode.TooManyRequests)
        {
            return new ProviderException($"{said} (HTTP 429, still after {attempts} tries). Cloudflare allows 1,200 requests per 5 minutes per user, shared by every tool using this user's tokens: lower --cloudflare-rate-limit or run fewer at once, then try again.", api);
        }

        if (status >= 500)
        {
            return new ProviderException($"{said} (HTTP {status}, still after {attempts} tries). Cloudflare is having trouble; try again later.", api);
        }

        if (api.Status == HttpStatusCode.NotFound && api.Call == "GET zone")
        {
            return new InvalidInputException($"{said}. --cloudflare-zone-id {settings.ZoneId} is not a zone this token can read (the dashboard shows the Zone ID on the zone's Overview page).", api);
        }

        return new ProviderException($"{said} (HTTP {status}).", api);
    }

    private static string Permission(string call) => call switch
    {
        "GET zones" or "GET zone" => "Zone → Zone → Read",
        "GET dns_records" => "Zone → DNS → Read (Zone → DNS → Edit includes it)",
        _ => "Zone → DNS → Edit",
    };
}
