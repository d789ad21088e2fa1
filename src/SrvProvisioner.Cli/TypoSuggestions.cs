using System.CommandLine;

namespace SrvProvisioner.Cli;

/// <summary>
/// "Did you mean" for an unknown option or command: the nearest names the command knows, by
/// edit distance (at most a third of the word, so 'plna' finds 'plan' and 'xyz' finds nothing).
/// </summary>
internal static class TypoSuggestions
{
    public static IReadOnlyList<string> For(string token, Command command)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(command);
        var names = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name))
            .Concat(command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))
            .Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive).Select(o => o.Name)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var bare = token.Split('=', 2)[0];
        var limit = Math.Max(1, bare.TrimStart('-').Length / 3);
        return [.. names
            .Select(n => (Name: n, Distance: Distance(bare, n)))
            .Where(x => x.Distance <= limit || (bare.Length >= 4 && x.Name.StartsWith(bare, StringComparison.Ordinal)))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(3)
            .Select(x => x.Name)];
    }

    /// <summary>Edit distance with adjacent transpositions (optimal string alignment): 'plna' is 1 from 'plan'.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
