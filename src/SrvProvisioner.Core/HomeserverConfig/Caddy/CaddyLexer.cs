using System.Text;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.HomeserverConfig.Caddy;

/// <summary>
/// Splits a Caddyfile into tokens as Caddy's lexer does (caddyconfig/caddyfile/lexer.go):
/// tokens are separated by white space; <c>"…"</c> and <c>`…`</c> quote (inside double quotes
/// only <c>\"</c> is an escape); <c>#</c> at the start of a token comments out the rest of the
/// line; a backslash before a newline continues the line (the next tokens keep the line number
/// of the directive). Each token keeps its character offsets for edits.
/// </summary>
internal static class CaddyLexer
{
    public const int MaxTokens = 200_000;

    public static IReadOnlyList<CaddyToken> Tokenize(CaddySourceFile file)
    {
        var text = file.Text.Text;
        var tokens = new List<CaddyToken>();
        var value = new StringBuilder();
        var line = 1;
        var skipped = 0;
        var tokenLine = 1;
        var tokenStart = -1;
        bool comment = false, quoted = false, backtick = false, escaped = false;

        void Emit(int end, bool wasQuoted)
        {
            if (tokens.Count >= MaxTokens)
            {
                throw new ConfigFileException($"{file.Path}: more than {MaxTokens} tokens; srvprov refuses to read a Caddyfile that large.");
            }

            tokens.Add(new CaddyToken(value.ToString(), file, tokenLine, tokenStart, end, wasQuoted));
            value.Clear();
            tokenStart = -1;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (!escaped && !backtick && ch == '\\')
            {
                escaped = true;
                continue;
            }

            if (quoted || backtick)
            {
                if (quoted && escaped)
                {
                    if (ch != '"')
                    {
                        value.Append('\\');
                    }

                    escaped = false;
                }
                else if ((quoted && ch == '"') || (backtick && ch == '`'))
                {
                    quoted = backtick = false;
                    Emit(i + 1, wasQuoted: true);
                    continue;
                }

                if (ch == '\n')
                {
                    line += 1 + skipped;
                    skipped = 0;
                }

                value.Append(ch);
                continue;
            }

            if (char.IsWhiteSpace(ch))
            {
                if (ch == '\r')
                {
                    continue;
                }

                if (ch == '\n')
                {
                    if (escaped)
                    {
                        skipped++;
                        escaped = false;
                    }
                    else
                    {
                        line += 1 + skipped;
                        skipped = 0;
                    }

                    comment = false;
                }

                if (value.Length > 0)
                {
                    Emit(i, wasQuoted: false);
                }

                continue;
            }

            if (ch == '#' && value.Length == 0 && tokenStart < 0)
            {
                comment = true;
            }

            if (comment)
            {
                continue;
            }

            if (value.Length == 0 && tokenStart < 0)
            {
                tokenLine = line;
                tokenStart = escaped ? i - 1 : i;
                if (ch == '"')
                {
                    quoted = true;
                    continue;
                }

                if (ch == '`')
                {
                    backtick = true;
                    continue;
                }
            }

            if (escaped)
            {
                value.Append('\\');
                escaped = false;
            }

            value.Append(ch);
        }

        if (quoted || backtick)
        {
            throw new ConfigFileException($"{file.Path}:{tokenLine}: a quoted token is not closed; caddy would refuse it too. Check it with 'caddy validate'.");
        }

        if (value.Length > 0 || tokenStart >= 0)
        {
            Emit(text.Length, wasQuoted: false);
        }

        return tokens;
    }
}
