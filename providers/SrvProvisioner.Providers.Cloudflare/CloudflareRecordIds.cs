using System.Text.RegularExpressions;

namespace SrvProvisioner.Providers.Cloudflare;

/// <summary>
/// Cloudflare gives every record (not every set) its own id, and a record deleted and created
/// again gets a new one. A set's ids are kept in <see cref="Core.Dns.RecordSet.Version"/>,
/// comma-separated in ordinal order, so a plan file records exactly which records a delete
/// may remove.
/// </summary>
internal static partial class CloudflareRecordIds
{
    public static string Join(IEnumerable<string> ids) => string.Join(',', ids.Order(StringComparer.Ordinal));

    /// <summary>The ids in a version string, or null when it is not one (a hand-edited plan).</summary>
    public static IReadOnlyList<string>? Split(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return null;
        }

        var ids = version.Split(',');
        return ids.All(IsId) ? ids : null;
    }

    /// <summary>Cloudflare identifiers are 32 lower-case hexadecimal characters.</summary>
    public static bool IsId(string text) => IdPattern().IsMatch(text);

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
