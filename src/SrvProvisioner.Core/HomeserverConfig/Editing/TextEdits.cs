using System.Text;

namespace SrvProvisioner.Core.HomeserverConfig.Editing;

/// <summary>Applies non-overlapping edits to a text; every character outside them is kept.</summary>
internal static class TextEdits
{
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var ordered = edits.OrderBy(e => e.Start).ThenBy(e => e.Length).ToList();
        var builder = new StringBuilder(text.Length + 256);
        var position = 0;
        foreach (var edit in ordered)
        {
            if (edit.Start < position || edit.End > text.Length)
            {
                throw new InvalidOperationException($"Overlapping or out-of-range edit at {edit.Start}.");
            }

            builder.Append(text, position, edit.Start - position).Append(edit.Replacement);
            position = edit.End;
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>Index of the first character of the line holding <paramref name="position"/>.</summary>
    public static int LineStart(string text, int position)
    {
        var newline = position == 0 ? -1 : text.LastIndexOf('\n', position - 1);
        return newline + 1;
    }

    /// <summary>Index just after the line terminator of the line holding <paramref name="position"/> (or the text's end).</summary>
    public static int LineEnd(string text, int position)
    {
        var newline = text.IndexOf('\n', position);
        return newline < 0 ? text.Length : newline + 1;
    }

    /// <summary>1-based line number of <paramref name="position"/>.</summary>
    public static int LineNumber(string text, int position)
    {
        var line = 1;
        for (var i = 0; i < position && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    public static bool IsBlank(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (text[i] is not (' ' or '\t'))
            {
                return false;
            }
        }

        return true;
    }
}
