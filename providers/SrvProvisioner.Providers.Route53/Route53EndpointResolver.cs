using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Net;

namespace SrvProvisioner.Providers.Route53;

/// <summary>
/// Where requests go, in the order the AWS SDKs and CLI use ("Service-specific endpoints",
/// AWS SDKs and Tools Reference Guide): the explicit option, then
/// <c>AWS_ENDPOINT_URL_ROUTE_53</c> (service ID "Route 53" upper-cased, spaces to
/// underscores), then <c>AWS_ENDPOINT_URL</c>, then the global endpoint. Setting
/// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c> ignores the two variables, as the SDKs do.
/// </summary>
internal static class Route53EndpointResolver
{
    public const string DefaultEndpoint = "https://route53.amazonaws.com";
    public const string ServiceVariable = "AWS_ENDPOINT_URL_ROUTE_53";
    public const string GlobalVariable = "AWS_ENDPOINT_URL";

    public static Uri Resolve(string? option, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(option))
        {
            return Parse(option, "--route53-endpoint");
        }

        var ignore = environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
        if (!string.Equals(ignore?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var variable in new[] { ServiceVariable, GlobalVariable })
            {
                var value = environment(variable);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return Parse(value, variable);
                }
            }
        }

        return new Uri(DefaultEndpoint);
    }

    private static Uri Parse(string text, string source)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.Query))
        {
            throw new InvalidInputException($"{source} '{text}' is not an endpoint URL: give e.g. https://route53.amazonaws.com or http://127.0.0.1:4566.");
        }

        // Requests carry a SigV4 signature and the session token: over plain http anyone on
        // the path reads the token and can replay the request. Only a loopback emulator
        // (LocalStack, moto) may be spoken to without TLS.
        if (uri.Scheme == Uri.UriSchemeHttp && !LoopbackHost.Is(uri))
        {
            throw new InvalidInputException($"{source} '{text}' is plain http to a non-loopback host: signed requests and session tokens would travel unencrypted. Use https, or http only to 127.0.0.1/[::1]/localhost.");
        }

        return uri;
    }
}
