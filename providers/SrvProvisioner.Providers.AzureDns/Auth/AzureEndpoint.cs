using System.Net;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Providers.AzureDns.Auth;

/// <summary>
/// Where ARM requests go (<c>--azure-endpoint</c>): https://management.azure.com by default,
/// https://management.chinacloudapi.cn or https://management.usgovcloudapi.net for the other
/// clouds. Every request carries a bearer token, so plain http is accepted only for a loopback
/// host (127.0.0.0/8, ::1, localhost): an emulator or a local proxy on this machine, where the
/// token never crosses a network. Anything else must be https.
/// </summary>
internal static class AzureEndpoint
{
    public const string Default = "https://management.azure.com";

    public static Uri Parse(string? text)
    {
        var value = string.IsNullOrWhiteSpace(text) ? Default : text.Trim();
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query)
            || !string.IsNullOrEmpty(uri.Fragment)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new InvalidInputException($"--azure-endpoint '{value}' is not an endpoint URL: give e.g. {Default} or https://management.chinacloudapi.cn.");
        }

        if (!MayCarryToken(uri))
        {
            throw new InvalidInputException($"--azure-endpoint {uri.GetLeftPart(UriPartial.Authority)} uses http: a bearer token is only sent over https (plain http is allowed for loopback addresses alone). Use https://{uri.Authority}.");
        }

        return uri;
    }

    /// <summary>https anywhere; http only to this machine.</summary>
    public static bool MayCarryToken(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri));
    }

    public static bool IsLoopback(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>The token scope for an ARM endpoint: "{endpoint}/.default" (Microsoft identity platform, ".default scope").</summary>
    public static string Scope(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.GetLeftPart(UriPartial.Authority) + "/.default";
    }
}
