using System.Text.RegularExpressions;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Providers.Webhook.Api;

namespace SrvProvisioner.Providers.Webhook.Filters;

/// <summary>
/// The domains a webhook provider accepts, with ExternalDNS's <c>endpoint.DomainFilter</c>
/// matching rules: a name matches an entry when it equals it or ends in <c>"." + entry</c>; an
/// entry with a leading dot (<c>.example.com</c>) matches only names below it; no include
/// entries means every name; an excluded name never matches. Regex filters are Go RE2
/// expressions matched anywhere in the name without its trailing dot; they run here on .NET's
/// non-backtracking engine (RE2 has no backtracking constructs either, and a hostile server
/// cannot make it spin). ExternalDNS lets <c>regexExclude</c> override <c>regexInclude</c>;
/// srvprov asks a name to pass both, the stricter reading.
/// </summary>
internal sealed class DomainFilter
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex? _regexInclude;
    private readonly Regex? _regexExclude;

    private DomainFilter(IReadOnlyList<string> include, IReadOnlyList<string> exclude, Regex? regexInclude, Regex? regexExclude)
    {
        Include = include;
        Exclude = exclude;
        _regexInclude = regexInclude;
        _regexExclude = regexExclude;
    }

    public IReadOnlyList<string> Include { get; }

    public IReadOnlyList<string> Exclude { get; }

    /// <summary>Nothing is filtered: the provider takes every domain, so the zone must come from the user.</summary>
    public bool IsEmpty => Include.Count == 0 && Exclude.Count == 0 && _regexInclude is null && _regexExclude is null;

    public static DomainFilter From(DomainFilterJson? json, Uri webhook)
    {
        json ??= new DomainFilterJson();
        try
        {
            return new DomainFilter(
                Entries([.. json.Include ?? [], .. json.Filters ?? []]),
                Entries(json.Exclude ?? []),
                Pattern(json.RegexInclude),
                Pattern(json.RegexExclude));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new ProviderException($"The webhook at {webhook} answered GET / with a domain filter srvprov cannot use ({ex.Message}).", ex);
        }
    }

    /// <summary>True when the provider takes <paramref name="name"/>.</summary>
    public bool Matches(DnsName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = name.Value;
        if (_regexInclude is not null && !_regexInclude.IsMatch(text))
        {
            return false;
        }

        if (_regexExclude is not null && _regexExclude.IsMatch(text))
        {
            return false;
        }

        return (Include.Count == 0 || Include.Any(e => MatchesEntry(text, e))) && !Exclude.Any(e => MatchesEntry(text, e));
    }

    /// <summary>
    /// The zone for <paramref name="serverName"/>: the longest include entry that encloses it and
    /// is not itself excluded; with no include entries (every domain, or only regexes) the zone
    /// the user gave. The names srvprov writes (<paramref name="written"/>) must all match.
    /// </summary>
    public DnsName ZoneFor(DnsName serverName, IReadOnlyList<DnsName> written, DnsName? given, Uri webhook)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        ArgumentNullException.ThrowIfNull(written);
        DnsName zone;
        if (given is not null)
        {
            if (!serverName.IsAtOrBelow(given))
            {
                throw new InvalidInputException($"--webhook-zone {given.Value} does not enclose {serverName.Value}; give the zone that holds the server name.");
            }

            zone = given;
        }
        else if (Include.Count == 0)
        {
            throw new InvalidInputException(IsEmpty
                ? $"The webhook at {webhook} takes every domain (its domain filter is empty), so srvprov cannot tell the zone of {serverName.Value}: give it with --webhook-zone."
                : $"The webhook at {webhook} filters domains only by {Describe()}, which names no zone: give the zone of {serverName.Value} with --webhook-zone.");
        }
        else
        {
            zone = Include
                .Select(e => DnsName.TryParse(e.TrimStart('.'), out var n) ? n : null)
                .OfType<DnsName>()
                .Where(n => serverName.IsAtOrBelow(n) && !Exclude.Any(e => MatchesEntry(n.Value, e)))
                .OrderByDescending(n => n.Labels.Count)
                .FirstOrDefault()
                ?? throw new InvalidInputException($"The webhook at {webhook} does not serve {serverName.Value}: its domain filter is {Describe()}. Use a server name inside it, or widen the webhook's --domain-filter.");
        }

        var refused = written.Where(n => !Matches(n)).ToList();
        if (refused.Count > 0)
        {
            throw new InvalidInputException($"The webhook at {webhook} does not take {string.Join(" and ", refused.Select(n => n.Value))}: its domain filter is {Describe()}. Use a server name inside it, or widen the webhook's --domain-filter.");
        }

        return zone;
    }

    public string Describe()
    {
        var parts = new List<string>();
        if (Include.Count > 0)
        {
            parts.Add($"include [{string.Join(", ", Include)}]");
        }

        if (Exclude.Count > 0)
        {
            parts.Add($"exclude [{string.Join(", ", Exclude)}]");
        }

        if (_regexInclude is not null)
        {
            parts.Add($"regexInclude '{_regexInclude}'");
        }

        if (_regexExclude is not null)
        {
            parts.Add($"regexExclude '{_regexExclude}'");
        }

        return parts.Count == 0 ? "empty (every domain)" : string.Join(", ", parts);
    }

    /// <summary>ExternalDNS <c>matchFilter</c>: a leading dot means "below"; otherwise the name itself or below.</summary>
    private static bool MatchesEntry(string name, string entry) =>
        entry.StartsWith('.')
            ? name.EndsWith(entry, StringComparison.Ordinal)
            : name == entry || name.EndsWith("." + entry, StringComparison.Ordinal);

    /// <summary>Entries as ExternalDNS normalises them: trimmed, lower case, no trailing dot; empty ones dropped.</summary>
    private static List<string> Entries(IEnumerable<string?> raw) =>
        [.. raw
            .Select(e => (e ?? string.Empty).Trim().TrimEnd('.').ToLowerInvariant())
            .Where(e => e.Length > 0 && e != ".")
            .Distinct(StringComparer.Ordinal)];

    private static Regex? Pattern(string? text) =>
        string.IsNullOrEmpty(text)
            ? null
            : new Regex(text, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, RegexTimeout);
}
