using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Net;

namespace SrvProvisioner.Providers.Cloudflare;

/// <summary>
/// The API base URL. https anywhere; plain http only to a loopback address (a test emulator or
/// a local proxy), so the bearer token never crosses a network in clear.
/// </summary>
internal static class CloudflareEndpoint
{
    public static readonly Uri Default = new("https://api.cloudflare.com/client/v4/");

    public static Uri Parse(string? text)
    {
        if (text is null)
        {
            return Default;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new InvalidInputException($"--cloudflare-endpoint '{text}' is not an API base URL such as {Default.AbsoluteUri.TrimEnd('/')}.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !LoopbackHost.Is(uri))
        {
            throw new InvalidInputException($"--cloudflare-endpoint '{text}' uses plain http to a host that is not loopback: the API token would cross the network in clear. Use https.");
        }

        return new Uri(uri.AbsoluteUri.TrimEnd('/') + "/");
    }
}
