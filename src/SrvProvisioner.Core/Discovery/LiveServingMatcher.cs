using System.Text;
using System.Text.Json;
using SrvProvisioner.Core.HomeserverConfig.Proxies;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// Names the config location(s) that can explain a live <c>/.well-known/matrix/server</c>
/// answer. A location explains it when the response's <c>Server</c> header names the location's
/// software (nginx sends <c>nginx/1.x</c>, Apache <c>Apache/2.x ...</c>, Caddy <c>Caddy</c>)
/// and, when the config holds the body itself, the live body is that body (the same
/// <c>m.server</c> when both are JSON, else the same bytes). A location that serves a file
/// matches on the software only, so it is named as "probably". Without a match nothing is
/// claimed: the answer comes from somewhere the given configs do not describe.
/// </summary>
internal static class LiveServingMatcher
{
    public static IReadOnlyList<WellKnownServingLocation> Exact(WellKnownResult live, IReadOnlyList<WellKnownServingLocation> locations) =>
        [.. SameSoftware(live, locations).Where(l => l.Body is not null && SameContent(l.Body, live.Body.Span))];

    public static IReadOnlyList<WellKnownServingLocation> Probable(WellKnownResult live, IReadOnlyList<WellKnownServingLocation> locations) =>
        [.. SameSoftware(live, locations).Where(l => l.Body is null)];

    /// <summary>One sentence for the finding: which location serves the answer, or that none of the given ones does.</summary>
    public static string Explain(WellKnownResult live, IReadOnlyList<WellKnownServingLocation> locations)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(locations);
        var exact = Exact(live, locations);
        if (exact.Count == 1)
        {
            return $"It is served by {Name(exact[0])}: the Server header and the body match.";
        }

        if (exact.Count > 1)
        {
            return $"It is served by one of {string.Join("; ", exact.Select(Name))}: each matches the Server header and the body.";
        }

        var probable = Probable(live, locations);
        if (probable.Count == 1)
        {
            return $"It is probably served by {Name(probable[0])}: the Server header matches {probable[0].Product}; the file it serves is not compared.";
        }

        if (probable.Count > 1)
        {
            return $"It is probably served by one of {string.Join("; ", probable.Select(Name))}: the Server header matches each; the files they serve are not compared.";
        }

        var seen = live.ServerHeader is { Length: > 0 } header ? $"Server: {header}" : "no Server header";
        return $"None of the locations in the given configs matches the answer ({seen}{(SameSoftware(live, locations).Any() ? ", a different body" : string.Empty)}): look for what else serves it (a CDN, another proxy or host in front).";
    }

    /// <summary>The product token of a <c>Server</c> header (RFC 9110 §10.2.4: <c>product[/version] *(comment)</c>).</summary>
    public static string? Product(string? serverHeader)
    {
        if (string.IsNullOrWhiteSpace(serverHeader))
        {
            return null;
        }

        var text = serverHeader.Trim();
        var end = text.IndexOfAny(['/', ' ', '\t', '(']);
        return end < 0 ? text : text[..end];
    }

    private static IEnumerable<WellKnownServingLocation> SameSoftware(WellKnownResult live, IReadOnlyList<WellKnownServingLocation> locations)
    {
        var product = Product(live.ServerHeader);
        return product is null ? [] : locations.Where(l => string.Equals(l.Product, product, StringComparison.OrdinalIgnoreCase));
    }

    private static string Name(WellKnownServingLocation location) => $"{location.Where} ({location.Label})";

    private static bool SameContent(string configured, ReadOnlySpan<byte> live)
    {
        var configuredBytes = Encoding.UTF8.GetBytes(configured);
        if (MServer(configuredBytes) is { } want && MServer(live) is { } got)
        {
            return string.Equals(want, got, StringComparison.Ordinal);
        }

        return live.SequenceEqual(configuredBytes);
    }

    private static string? MServer(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!JsonDocument.TryParseValue(ref reader, out var document))
            {
                return null;
            }

            using (document)
            {
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("m.server", out var value)
                    && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
