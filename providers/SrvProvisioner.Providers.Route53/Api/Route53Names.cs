using System.Text;

namespace SrvProvisioner.Providers.Route53.Api;

/// <summary>
/// Name handling as Route 53 does it. Answers carry a trailing dot and escape characters
/// other than a-z, 0-9, '-', '_' and '.' as <c>\ooo</c> octal codes (e.g. <c>\052</c> for '*',
/// Route 53 Developer Guide, "DNS domain name format"). Listings are ordered by the name with
/// its labels reversed, compared as text including the trailing dot (ListResourceRecordSets,
/// "Sort order"), then by type.
/// </summary>
internal static class Route53Names
{
    /// <summary>Decodes escapes, lower-cases, drops the trailing dot: comparable with <c>DnsName.Value</c>.</summary>
    public static string Normalise(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = name.EndsWith('.') ? name[..^1] : name;
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text.ToLowerInvariant();
        }

        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && IsOctal(text, i + 1))
            {
                sb.Append((char)Convert.ToInt32(text.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                sb.Append(text[i]);
            }
        }

        return sb.ToString().ToLowerInvariant();
    }

    /// <summary>The sort key of a normalised name: labels reversed, trailing dot, e.g. <c>com.example._tcp._matrix.</c>.</summary>
    public static string SortKey(string normalisedName)
    {
        ArgumentNullException.ThrowIfNull(normalisedName);
        if (normalisedName.Length == 0)
        {
            return ".";
        }

        var labels = normalisedName.Split('.');
        Array.Reverse(labels);
        return string.Join('.', labels) + ".";
    }

    /// <summary>Compares two normalised names in Route 53's listing order.</summary>
    public static int Compare(string a, string b) => string.CompareOrdinal(SortKey(a), SortKey(b));

    /// <summary>Strips an ID prefix such as <c>/hostedzone/</c> or <c>/change/</c>.</summary>
    public static string StripPrefix(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var slash = id.LastIndexOf('/');
        return slash >= 0 ? id[(slash + 1)..] : id;
    }

    private static bool IsOctal(string text, int start)
    {
        if (start + 3 > text.Length)
        {
            return false;
        }

        for (int i = start; i < start + 3; i++)
        {
            if (text[i] is < '0' or > '7')
            {
                return false;
            }
        }

        return true;
    }
}
