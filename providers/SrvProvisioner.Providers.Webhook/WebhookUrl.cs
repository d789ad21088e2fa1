using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Net;

namespace SrvProvisioner.Providers.Webhook;

/// <summary>
/// Checks <c>--webhook-url</c>. The protocol has no authentication of its own, so plain http is
/// accepted only to a loopback address (the sidecar layout the ExternalDNS tutorial describes:
/// the provider listens on localhost:8888); anywhere else it must be https. A URL with a user
/// name or password, a query or a fragment is refused: it would end up in plan files and
/// messages. A path is kept as the prefix of every request (<c>https://dns.example/webhook/</c>).
/// </summary>
internal static class WebhookUrl
{
    public const string Default = "http://localhost:8888";

    public static Uri Parse(string? text)
    {
        text = string.IsNullOrWhiteSpace(text) ? Default : text.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            throw new InvalidInputException($"--webhook-url '{text}' is not an http(s) URL; give e.g. {Default}.");
        }

        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new InvalidInputException("--webhook-url must not carry a user name, password, query or fragment: give scheme, host, port and path only.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !LoopbackHost.Is(uri))
        {
            throw new InvalidInputException($"--webhook-url {uri.GetLeftPart(UriPartial.Authority)} is plain http to another host: the webhook protocol has no authentication, so srvprov speaks http only to loopback (run the webhook as a sidecar on 127.0.0.1) and https elsewhere.");
        }

        // Requests are made relative to the base, so it must end in a slash to keep its path.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
