using System.Globalization;
using System.Text;

namespace SrvProvisioner.Core.HomeserverConfig.Editing;

/// <summary>
/// A unified diff (<c>--- a/path</c>, <c>+++ b/path</c>, <c>@@</c> hunks, 3 lines of context)
/// of two texts, as GNU diff writes it. Lines are compared with their terminators, so a
/// changed line ending shows; the shown lines have the terminator removed and a missing final
/// newline is marked <c>\ No newline at end of file</c>. Myers' O(ND) algorithm: the edits
/// srvprov makes touch a few lines, so D is small even in files of thousands of lines.
/// Values of secret-looking keys are shown as <see cref="SecretLines.Redacted"/>.
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    public static string Create(string path, string before, string after)
    {
        var a = SplitLines(before);
        var b = SplitLines(after);
        var script = Diff(a, b);
        if (script.All(op => op.Kind == ' '))
        {
            return string.Empty;
        }

        var label = path.Replace('\\', '/').TrimStart('/');
        if (label.StartsWith("./", StringComparison.Ordinal))
        {
            label = label[2..];
        }

        var output = new StringBuilder();
        output.Append("--- a/").Append(label).Append('\n');
        output.Append("+++ b/").Append(label).Append('\n');
        foreach (var hunk in Hunks(script))
        {
            WriteHunk(output, script, hunk.Start, hunk.End);
        }

        return output.ToString();
    }

    internal static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = TextEdits.LineEnd(text, start);
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }

    /// <summary>Changes closer than twice the context share a hunk, as in GNU diff.</summary>
    private static List<(int Start, int End)> Hunks(List<Op> script)
    {
        var hunks = new List<(int Start, int End)>();
        var changed = Enumerable.Range(0, script.Count).Where(i => script[i].Kind != ' ').ToList();
        var first = 0;
        for (var i = 1; i <= changed.Count; i++)
        {
            if (i == changed.Count || changed[i] - changed[i - 1] - 1 > 2 * Context)
            {
                hunks.Add((Math.Max(0, changed[first] - Context), Math.Min(script.Count - 1, changed[i - 1] + Context)));
                first = i;
            }
        }

        return hunks;
    }

    private static void WriteHunk(StringBuilder output, List<Op> script, int start, int end)
    {
        var ops = script.GetRange(start, end - start + 1);
        var aCount = ops.Count(o => o.Kind != '+');
        var bCount = ops.Count(o => o.Kind != '-');
        var aStart = ops.FirstOrDefault(o => o.Kind != '+')?.ALine ?? PrecedingA(script, start);
        var bStart = ops.FirstOrDefault(o => o.Kind != '-')?.BLine ?? PrecedingB(script, start);
        output.Append("@@ -").Append(Range(aStart, aCount)).Append(" +").Append(Range(bStart, bCount)).Append(" @@\n");
        int? blockIndent = null;
        foreach (var op in ops)
        {
            var text = op.Text.TrimEnd('\n').TrimEnd('\r');
            if (blockIndent is { } indent && text.Trim().Length > 0 && SecretLines.Indent(text) > indent)
            {
                text = new string(' ', SecretLines.Indent(text)) + SecretLines.Redacted;
            }
            else if (SecretLines.Redact(text, out var opensBlock) is { } redacted)
            {
                blockIndent = opensBlock ? SecretLines.Indent(text) : null;
                text = redacted;
            }
            else if (text.Trim().Length > 0)
            {
                blockIndent = null;
            }

            output.Append(op.Kind).Append(text).Append('\n');
            if (!op.Text.EndsWith('\n'))
            {
                output.Append("\\ No newline at end of file\n");
            }
        }
    }

    private static int PrecedingA(List<Op> script, int index) => script.Take(index).Count(o => o.Kind != '+');

    private static int PrecedingB(List<Op> script, int index) => script.Take(index).Count(o => o.Kind != '-');

    private static string Range(int start, int count) => count switch
    {
        1 => start.ToString(CultureInfo.InvariantCulture),
        0 => string.Create(CultureInfo.InvariantCulture, $"{start},0"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{start},{count}"),
    };

    /// <summary>Myers' greedy shortest edit script, with the V array kept per D for the backtrack.</summary>
    private static List<Op> Diff(List<string> a, List<string> b)
    {
        var n = a.Count;
        var m = b.Count;
        var max = n + m;
        var v = new int[(2 * max) + 2];
        var trace = new List<int[]>();
        for (var d = 0; d <= max; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[max + k - 1] < v[max + k + 1]) ? v[max + k + 1] : v[max + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && string.Equals(a[x], b[y], StringComparison.Ordinal))
                {
                    x++;
                    y++;
                }

                v[max + k] = x;
                if (x >= n && y >= m)
                {
                    return Backtrack(a, b, trace, max);
                }
            }
        }

        throw new InvalidOperationException("unreachable: Myers diff always ends by D = N + M");
    }

    private static List<Op> Backtrack(List<string> a, List<string> b, List<int[]> trace, int max)
    {
        var ops = new List<Op>();
        var x = a.Count;
        var y = b.Count;
        for (var d = trace.Count - 1; d >= 0; d--)
        {
            var v = trace[d];
            var k = x - y;
            var prevK = k == -d || (k != d && v[max + k - 1] < v[max + k + 1]) ? k + 1 : k - 1;
            var prevX = d == 0 ? 0 : v[max + prevK];
            var prevY = prevX - prevK;
            while (x > prevX && y > prevY)
            {
                ops.Add(new Op(' ', a[x - 1], x, y));
                x--;
                y--;
            }

            if (d > 0)
            {
                if (x == prevX)
                {
                    ops.Add(new Op('+', b[y - 1], x, y));
                }
                else
                {
                    ops.Add(new Op('-', a[x - 1], x, y));
                }
            }

            x = prevX;
            y = prevY;
        }

        ops.Reverse();
        return ops;
    }

    /// <summary>One script line; <see cref="ALine"/>/<see cref="BLine"/> are 1-based line numbers.</summary>
    private sealed record Op(char Kind, string Text, int ALine, int BLine);
}
