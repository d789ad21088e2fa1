using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.HomeserverConfig.Apache;

/// <summary>
/// Reads one Apache httpd configuration file as httpd does (server/config.c,
/// util.c ap_getword_conf): one directive per line, a trailing backslash continues the line, a
/// line whose first character (after blanks) is <c>#</c> is a comment, arguments are separated by
/// blanks and may be quoted with <c>"</c> or <c>'</c>, sections open with <c>&lt;Name args&gt;</c> and
/// close with <c>&lt;/Name&gt;</c>. Includes are left as directives for <see cref="ApacheTree"/>.
/// </summary>
internal static class ApacheParser
{
    public const int MaxDirectives = 100_000;
    public const int MaxNesting = 32;

    public static IReadOnlyList<ApacheDirective> Parse(ApacheSourceFile file)
    {
        var text = file.Text.Text;
        var stack = new Stack<(string Name, List<string> Args, int Line, int Start, List<ApacheDirective> Children)>();
        var top = new List<ApacheDirective>();
        var count = 0;
        var position = 0;
        var lineNumber = 0;
        while (position < text.Length)
        {
            // A logical line: physical lines joined while one ends with a backslash.
            var start = position;
            var firstLine = lineNumber + 1;
            var logical = new System.Text.StringBuilder();
            while (position < text.Length)
            {
                var end = text.IndexOf('\n', position);
                var lineEnd = end < 0 ? text.Length : end;
                lineNumber++;
                var physical = text[position..lineEnd].TrimEnd('\r');
                position = end < 0 ? text.Length : end + 1;
                if (physical.EndsWith('\\'))
                {
                    logical.Append(physical, 0, physical.Length - 1).Append(' ');
                    continue;
                }

                logical.Append(physical);
                break;
            }

            var line = logical.ToString().Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (++count > MaxDirectives)
            {
                throw new ConfigFileException($"{file.Path}: more than {MaxDirectives} directives; srvprov refuses to read an Apache file that large.");
            }

            var nameStart = text.IndexOf(line[0], start);
            var where = $"{file.Path}:{firstLine}";
            if (line.StartsWith("</", StringComparison.Ordinal))
            {
                var closing = line[2..].TrimEnd('>').Trim();
                if (stack.Count == 0 || !string.Equals(stack.Peek().Name, closing, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ConfigFileException($"{where}: </{closing}> without a matching <{closing}>; apachectl -t would refuse it too.");
                }

                var open = stack.Pop();
                var section = new ApacheDirective(open.Name, open.Args, file, open.Line, open.Start, position, open.Children);
                (stack.Count == 0 ? top : stack.Peek().Children).Add(section);
                continue;
            }

            if (line[0] == '<')
            {
                if (!line.EndsWith('>'))
                {
                    throw new ConfigFileException($"{where}: section {line} is not closed with '>'; apachectl -t would refuse it too.");
                }

                if (stack.Count >= MaxNesting)
                {
                    throw new ConfigFileException($"{where}: sections nested deeper than {MaxNesting}; srvprov refuses to read them.");
                }

                var words = Words(line[1..^1], where);
                if (words.Count == 0)
                {
                    throw new ConfigFileException($"{where}: an empty section '<>'; apachectl -t would refuse it too.");
                }

                stack.Push((words[0], words.Skip(1).ToList(), firstLine, nameStart, []));
                continue;
            }

            var parts = Words(line, where);
            var directive = new ApacheDirective(parts[0], parts.Skip(1).ToList(), file, firstLine, nameStart, position, null);
            (stack.Count == 0 ? top : stack.Peek().Children).Add(directive);
        }

        if (stack.Count > 0)
        {
            var open = stack.Peek();
            throw new ConfigFileException($"{file.Path}:{open.Line}: <{open.Name}> is not closed; apachectl -t would refuse it too.");
        }

        return top;
    }

    /// <summary>ap_getword_conf: blank-separated words, <c>"…"</c> or <c>'…'</c> quoted with backslash escapes of the quote.</summary>
    private static List<string> Words(string line, string where)
    {
        var words = new List<string>();
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
            {
                i++;
            }

            if (i >= line.Length)
            {
                break;
            }

            var word = new System.Text.StringBuilder();
            if (line[i] is '"' or '\'')
            {
                var quote = line[i++];
                while (i < line.Length && line[i] != quote)
                {
                    if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] == quote)
                    {
                        i++;
                    }

                    word.Append(line[i++]);
                }

                if (i >= line.Length)
                {
                    throw new ConfigFileException($"{where}: a quoted argument is not closed; apachectl -t would refuse it too.");
                }

                i++;
            }
            else
            {
                while (i < line.Length && !char.IsWhiteSpace(line[i]))
                {
                    word.Append(line[i++]);
                }
            }

            words.Add(word.ToString());
        }

        return words;
    }
}
