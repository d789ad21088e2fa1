using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Providers.AzureDns.Auth;

/// <summary>
/// Where ARM requests go (<c>--azure-endpoint</c>): https://management.azure.com by default,
/// https://management.chinacloudapi.cn or https://management.usgovcloudapi.net for the other
/// clouds. Every request carries a bearer token, so the endpoint is https, on this machine too:
/// Azure.Core's <c>BearerTokenAuthenticationPolicy</c> refuses to send a token over anything
/// else, and so does srvprov (a local emulator or proxy serves TLS with a CA the machine trusts).
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

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidInputException($"--azure-endpoint {uri.GetLeftPart(UriPartial.Authority)} uses http: a bearer token is only sent over https. Use https://{uri.Authority}.");
        }

        return uri;
    }

    /// <summary>The token scope for an ARM endpoint: "{endpoint}/.default" (Microsoft identity platform, ".default scope").</summary>
    public static string Scope(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.GetLeftPart(UriPartial.Authority) + "/.default";
    }
}
