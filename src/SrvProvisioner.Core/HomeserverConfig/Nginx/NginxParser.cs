using System.Globalization;
using System.Text;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>
/// Reads nginx configuration text as nginx's own tokenizer does (ngx_conf_file.c,
/// ngx_conf_read_token): words split by whitespace; <c>;</c>, <c>{</c> and <c>}</c> end a word;
/// <c>#</c> at the start of a word comments to the end of the line; single and double quotes
/// with backslash escapes; <c>${var}</c> braces belong to the word. Every directive keeps the
/// byte span it came from, so an edit can touch exactly those characters.
/// </summary>
internal sealed class NginxParser
{
    /// <summary>Deeper nesting than any real configuration; bounds the recursion on hostile input.</summary>
    public const int MaxDepth = 32;

    private readonly string _path;
    private readonly string _text;
    private readonly List<int> _lineStarts = [0];
    private int _position;

    private NginxParser(string path, string text)
    {
        _path = path;
        _text = text;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public static IReadOnlyList<NginxDirective> Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new NginxParser(path, text);
        var directives = parser.ParseBlock(0, out var closed);
        if (closed >= 0)
        {
            throw parser.Error(closed, "unexpected \"}\"");
        }

        return directives;
    }

    private List<NginxDirective> ParseBlock(int depth, out int closedAt)
    {
        if (depth > MaxDepth)
        {
            throw Error(_position, $"blocks nested deeper than {MaxDepth}");
        }

        var directives = new List<NginxDirective>();
        var words = new List<NginxArgument>();
        while (true)
        {
            var token = NextToken();
            switch (token.Kind)
            {
                case TokenKind.End:
                    if (words.Count > 0)
                    {
                        throw Error(_text.Length, "unexpected end of file, expecting \";\" or \"}\"");
                    }

                    closedAt = -1;
                    return directives;
                case TokenKind.Word:
                    words.Add(token.Word!);
                    break;
                case TokenKind.Semicolon:
                    if (words.Count == 0)
                    {
                        throw Error(token.Start, "unexpected \";\"");
                    }

                    directives.Add(new NginxDirective(words[0].Value, words.Skip(1).ToList(), words[0].Start, token.Start + 1, LineOf(words[0].Start), null));
                    words = [];
                    break;
                case TokenKind.Open:
                    if (words.Count == 0)
                    {
                        throw Error(token.Start, "unexpected \"{\"");
                    }

                    var children = ParseBlock(depth + 1, out var close);
                    if (close < 0)
                    {
                        throw Error(_text.Length, "unexpected end of file, expecting \"}\"");
                    }

                    directives.Add(new NginxDirective(words[0].Value, words.Skip(1).ToList(), words[0].Start, close + 1, LineOf(words[0].Start), children) { BlockOpen = token.Start });
                    words = [];
                    break;
                case TokenKind.Close:
                    if (words.Count > 0)
                    {
                        throw Error(token.Start, "unexpected \"}\"");
                    }

                    closedAt = token.Start;
                    return directives;
            }
        }
    }

    private Token NextToken()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                _position++;
                continue;
            }

            if (c == '#')
            {
                var newline = _text.IndexOf('\n', _position);
                _position = newline < 0 ? _text.Length : newline + 1;
                continue;
            }

            var start = _position;
            switch (c)
            {
                case ';':
                    _position++;
                    return new Token(TokenKind.Semicolon, start, null);
                case '{':
                    _position++;
                    return new Token(TokenKind.Open, start, null);
                case '}':
                    _position++;
                    return new Token(TokenKind.Close, start, null);
                case '"' or '\'':
                    return new Token(TokenKind.Word, start, ReadQuoted(c));
                default:
                    return new Token(TokenKind.Word, start, ReadBare());
            }
        }

        return new Token(TokenKind.End, _text.Length, null);
    }

    private NginxArgument ReadQuoted(char quote)
    {
        var start = _position++;
        var value = new StringBuilder();
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c == '\\' && _position < _text.Length)
            {
                // ngx_conf_read_token keeps the backslash except before a quote, a backslash, t, r, n.
                var next = _text[_position++];
                value.Append(next switch
                {
                    '"' or '\'' or '\\' => next.ToString(),
                    't' => "\t",
                    'r' => "\r",
                    'n' => "\n",
                    _ => "\\" + next,
                });
                continue;
            }

            if (c == quote)
            {
                if (_position < _text.Length && _text[_position] is not (' ' or '\t' or '\r' or '\n' or ';' or '{' or '}'))
                {
                    throw Error(_position, $"unexpected \"{_text[_position]}\" after a quoted string");
                }

                return new NginxArgument(value.ToString(), start, _position, Quoted: true);
            }

            value.Append(c);
        }

        throw Error(start, "a quoted string is not closed");
    }

    private NginxArgument ReadBare()
    {
        var start = _position;
        var value = new StringBuilder();
        var variable = false;
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c is ' ' or '\t' or '\r' or '\n' or ';')
            {
                break;
            }

            if (c == '{' && !variable)
            {
                break;
            }

            if (c == '}' && !variable)
            {
                break;
            }

            _position++;
            if (c == '\\' && _position < _text.Length)
            {
                value.Append(c).Append(_text[_position++]);
                continue;
            }

            if (c == '$')
            {
                variable = _position < _text.Length && _text[_position] == '{';
                value.Append(c);
                continue;
            }

            if (c == '}' && variable)
            {
                variable = false;
            }

            value.Append(c);
        }

        return new NginxArgument(value.ToString(), start, _position, Quoted: false);
    }

    private int LineOf(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        return index >= 0 ? index + 1 : ~index;
    }

    private ConfigFileException Error(int offset, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{_path}:{LineOf(offset)}: {what}; srvprov reads nginx configuration as nginx does. Check it with 'nginx -t'."));

    private enum TokenKind
    {
        Word,
        Semicolon,
        Open,
        Close,
        End,
    }

    private sealed record Token(TokenKind Kind, int Start, NginxArgument? Word);
}
