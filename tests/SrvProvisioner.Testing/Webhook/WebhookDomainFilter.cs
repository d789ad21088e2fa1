using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SrvProvisioner.Testing.Webhook;

/// <summary>
/// The test server's own reading of the domain filter it answers on <c>GET /</c>, with
/// ExternalDNS's <c>endpoint.DomainFilter.Match</c> rules (written from its documentation, not
/// shared with the client): entries match the name or names below it, a leading dot only names
/// below, no include entries match everything, excludes win; regexes match the name anywhere.
/// </summary>
internal sealed class WebhookDomainFilter
{
    private readonly List<string> _include;
    private readonly List<string> _exclude;
    private readonly Regex? _regexInclude;
    private readonly Regex? _regexExclude;

    public WebhookDomainFilter(string json)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? [];
        _include = [.. Strings(root["include"]), .. Strings(root["filters"])];
        _exclude = [.. Strings(root["exclude"])];
        _regexInclude = root["regexInclude"]?.GetValue<string>() is { Length: > 0 } ri ? new Regex(ri) : null;
        _regexExclude = root["regexExclude"]?.GetValue<string>() is { Length: > 0 } re ? new Regex(re) : null;
    }

    public bool Matches(string dnsName)
    {
        var name = dnsName.TrimEnd('.').ToLowerInvariant();
        if (_regexExclude is not null && _regexExclude.IsMatch(name))
        {
            return false;
        }

        if (_regexInclude is not null && !_regexInclude.IsMatch(name))
        {
            return false;
        }

        return (_include.Count == 0 || _include.Any(e => Entry(name, e))) && !_exclude.Any(e => Entry(name, e));
    }

    private static bool Entry(string name, string entry) =>
        entry.StartsWith('.') ? name.EndsWith(entry, StringComparison.Ordinal) : name == entry || name.EndsWith("." + entry, StringComparison.Ordinal);

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n!.GetValue<string>().Trim().TrimEnd('.').ToLowerInvariant()).Where(s => s.Length > 0) : [];
}
