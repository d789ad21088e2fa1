using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig.Nginx;
using SrvProvisioner.Core.HomeserverConfig.Proxies;
using SrvProvisioner.Core.IO;

namespace SrvProvisioner.Core.HomeserverConfig.Caddy;

/// <summary>
/// A Caddyfile as Caddy's caddyfile adapter reads it (caddyconfig/caddyfile/parse.go): an
/// optional global options block, snippets <c>(name) { … }</c>, and site blocks; every
/// <c>import</c> is expanded where it stands, either a snippet defined before it (with its
/// <c>{args[N]}</c>) or files matched by a glob relative to the importing file's directory
/// (Go's filepath.Glob: a wildcard matches a leading dot too). Bounded: files, bytes, tokens
/// after expansion, import depth; an import cycle is refused.
/// </summary>
internal sealed class CaddyTree : IProxyTree
{
    public const int MaxFiles = ProxySourceFiles<CaddySourceFile>.MaxFiles;
    public const int MaxFileBytes = 4 * 1024 * 1024;
    public const int MaxExpandedTokens = 1_000_000;
    public const int MaxImportDepth = 16;
    public const int MaxImports = 10_000;

    private static readonly ProxyFileReading Reading = new("Caddy", new InputKind("Caddyfile", MaxFileBytes), "caddy validate");

    private ProxySourceFiles<CaddySourceFile> _files = new(Reading, (path, bytes) => new CaddySourceFile(path, bytes, ConfigFileText.Decode(path, bytes)));
    private readonly Dictionary<string, IReadOnlyList<CaddyToken>> _lexed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _globs = new(StringComparer.Ordinal);
    private readonly List<string> _importPatterns = [];
    private readonly Dictionary<string, int> _timesLoaded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _snippetUses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<CaddyToken>> _snippets = new(StringComparer.Ordinal);
    private List<CaddyToken> _tokens = [];
    private int _pos;
    private int _imports;

    private CaddyTree(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string ConfDirectory => Path.GetDirectoryName(Root)!;

    public IReadOnlyList<CaddySite> Sites { get; private set; } = [];

    /// <summary>The global options block's directives (empty when there is none).</summary>
    public IReadOnlyList<CaddyDirective> GlobalOptions { get; private set; } = [];

    public IEnumerable<CaddySourceFile> Files => _files.InLoadOrder;

    public string Sha256 { get; private set; } = string.Empty;

    public CaddySourceFile File(string path) => _files[path];

    /// <summary>How many imports load the file (the main file: 1).</summary>
    public int TimesLoaded(string path) => path == Root ? 1 : _timesLoaded.GetValueOrDefault(path);

    /// <summary>How many imports use the snippet.</summary>
    public int SnippetUses(string name) => _snippetUses.GetValueOrDefault(name);

    public string? LoadedBy(string path) =>
        _importPatterns.FirstOrDefault(p => NginxGlob.Matches(p, path, wildcardMatchesDot: true) || p.StartsWith(path + "/", StringComparison.Ordinal));

    public static CaddyTree Load(string root)
    {
        var tree = new CaddyTree(Path.GetFullPath(root));
        tree.Parse();
        return tree;
    }

    /// <summary>Parses edited bytes of one file of this tree again (the rest and every glob's matches unchanged), for checking an edit's effect.</summary>
    public CaddyTree WithFile(string path, byte[] bytes)
    {
        var tree = new CaddyTree(Root) { _files = _files.WithFile(path, bytes) };
        foreach (var (key, matches) in _globs)
        {
            tree._globs[key] = matches;
        }

        tree.Parse();
        return tree;
    }

    private void Parse()
    {
        _tokens = [.. Lex(_files.Read(Root, Root))];
        _pos = 0;
        var sites = new List<CaddySite>();
        var first = true;
        while (_pos < _tokens.Count)
        {
            if (IsImport(_pos))
            {
                Import(_pos);
                continue;
            }

            var token = _tokens[_pos];
            if (first && token.IsOpen)
            {
                _pos++;
                GlobalOptions = Body(toEnd: false);
                _pos++;
                first = false;
                continue;
            }

            first = false;
            var keys = Keys();
            if (keys.Count == 1 && keys[0].Value.Length > 2 && keys[0].Value[0] == '(' && keys[0].Value[^1] == ')' && !keys[0].Quoted)
            {
                Snippet(keys[0]);
                continue;
            }

            if (_pos < _tokens.Count && _tokens[_pos].IsOpen)
            {
                var open = _tokens[_pos++];
                var body = Body(toEnd: false);
                sites.Add(new CaddySite(keys, body, open, _tokens[_pos++]));
                continue;
            }

            if (sites.Count > 0)
            {
                throw Error(keys[0], "a site block without braces must be the only one; caddy would refuse it too");
            }

            sites.Add(new CaddySite(keys, Body(toEnd: true), null, null));
        }

        Sites = sites;
        Sha256 = _files.ComputeSha();
    }

    /// <summary>The keys of a block: the tokens of its first line, continued on the next line after a trailing comma.</summary>
    private List<CaddyToken> Keys()
    {
        var keys = new List<CaddyToken> { _tokens[_pos++] };
        while (_pos < _tokens.Count && !_tokens[_pos].IsOpen && (_tokens[_pos].SameLine(keys[^1]) || keys[^1].Value.EndsWith(',')))
        {
            keys.Add(_tokens[_pos++]);
        }

        if (keys.Any(k => k.IsClose))
        {
            throw Error(keys.First(k => k.IsClose), "unexpected '}'; caddy would refuse it too");
        }

        return keys;
    }

    /// <summary>A snippet's tokens are kept as written (imports inside expand where it is used).</summary>
    private void Snippet(CaddyToken key)
    {
        if (_pos >= _tokens.Count || !_tokens[_pos].IsOpen)
        {
            throw Error(key, $"snippet {key.Value} has no block");
        }

        var depth = 0;
        var start = _pos + 1;
        for (; _pos < _tokens.Count; _pos++)
        {
            depth += _tokens[_pos].IsOpen ? 1 : _tokens[_pos].IsClose ? -1 : 0;
            if (depth == 0)
            {
                break;
            }
        }

        if (_pos >= _tokens.Count)
        {
            throw Error(key, $"snippet {key.Value} is not closed with '}}'");
        }

        _snippets[key.Value[1..^1]] = _tokens.GetRange(start, _pos - start);
        _pos++;
    }

    private List<CaddyDirective> Body(bool toEnd)
    {
        var directives = new List<CaddyDirective>();
        while (true)
        {
            if (_pos >= _tokens.Count)
            {
                if (toEnd)
                {
                    return directives;
                }

                throw Error(_tokens[^1], "a block is not closed with '}'; caddy would refuse it too");
            }

            var token = _tokens[_pos];
            if (token.IsClose)
            {
                if (toEnd)
                {
                    throw Error(token, "unexpected '}'; caddy would refuse it too");
                }

                return directives;
            }

            if (IsImport(_pos))
            {
                Import(_pos);
                continue;
            }

            var line = new List<CaddyToken> { _tokens[_pos++] };
            while (!line[^1].IsOpen && _pos < _tokens.Count && _tokens[_pos].SameLine(line[0]) && !_tokens[_pos].IsClose)
            {
                line.Add(_tokens[_pos++]);
            }

            if (!line[^1].IsOpen)
            {
                directives.Add(new CaddyDirective(line, null, null));
                continue;
            }

            var children = Body(toEnd: false);
            directives.Add(new CaddyDirective(line, children, _tokens[_pos++]));
        }
    }

    private bool IsImport(int at) =>
        _tokens[at] is { Value: "import", Quoted: false } token && (at == 0 || !_tokens[at - 1].SameLine(token) || _tokens[at - 1].IsOpen);

    /// <summary>Replaces the import line with what it names, as Caddy's doImport does.</summary>
    private void Import(int at)
    {
        var token = _tokens[at];
        var args = new List<CaddyToken>();
        for (var i = at + 1; i < _tokens.Count && _tokens[i].SameLine(token) && !_tokens[i].IsOpen && !_tokens[i].IsClose; i++)
        {
            args.Add(_tokens[i]);
        }

        if (args.Count == 0)
        {
            throw Error(token, "import needs a file, glob or snippet name; caddy would refuse it too");
        }

        var name = args[0];
        if (name.HasVariable)
        {
            throw Error(token, $"import {name.Value} uses a variable; srvprov cannot tell what Caddy loads. Give the imported file with --config instead");
        }

        if (++_imports > MaxImports)
        {
            throw Error(token, $"more than {MaxImports} imports; srvprov refuses to expand that many");
        }

        if ((token.Via?.Depth ?? 0) >= MaxImportDepth)
        {
            throw Error(token, $"imports nested deeper than {MaxImportDepth} (an import cycle?); srvprov refuses to follow them");
        }

        var replacement = new List<CaddyToken>();
        if (_snippets.TryGetValue(name.Value, out var snippet))
        {
            var via = new CaddyImport(token.Where, "snippet " + name.Value, token.Via);
            _snippetUses[name.Value] = _snippetUses.GetValueOrDefault(name.Value) + 1;
            replacement.AddRange(snippet.Select(t => t with { Value = Substitute(t.Value, args), Via = via, Snippet = name.Value }));
        }
        else
        {
            var pattern = Path.GetFullPath(Path.IsPathRooted(name.Value) ? name.Value : Path.Combine(Path.GetDirectoryName(token.File.Path)!, name.Value));
            if (!_files.CachedOnly && !_importPatterns.Contains(pattern))
            {
                _importPatterns.Add(pattern);
            }

            foreach (var path in Matches(pattern, token))
            {
                if (path == Root || (token.Via?.Reaches(path) ?? false) || path == token.File.Path)
                {
                    throw Error(token, $"{path} imports itself; caddy would refuse it too");
                }

                var via = new CaddyImport(token.Where, path, token.Via);
                _timesLoaded[path] = _timesLoaded.GetValueOrDefault(path) + 1;
                replacement.AddRange(Lex(_files.Read(path, token.Where)).Select(t => t with { Via = via }));
            }
        }

        if (_tokens.Count + replacement.Count > MaxExpandedTokens)
        {
            throw Error(token, $"the imports expand to more than {MaxExpandedTokens} tokens; srvprov refuses to read that much");
        }

        _tokens.RemoveRange(at, args.Count + 1);
        _tokens.InsertRange(at, replacement);
    }

    private IReadOnlyList<string> Matches(string pattern, CaddyToken token)
    {
        if (!NginxGlob.HasWildcard(pattern))
        {
            if (!_files.CachedOnly && !System.IO.File.Exists(pattern) && !Directory.Exists(pattern))
            {
                throw Error(token, $"import {pattern}: no such file or snippet; caddy would refuse it too");
            }

            return [pattern];
        }

        if (_globs.TryGetValue(pattern, out var known))
        {
            return known;
        }

        if (_files.CachedOnly)
        {
            return [];
        }

        // Go's filepath.Glob: a wildcard matches a leading dot; results sorted per directory.
        var matches = NginxGlob.Expand(pattern, wildcardMatchesDot: true);
        _globs[pattern] = matches;
        return matches;
    }

    /// <summary>A snippet's <c>{args[N]}</c> / <c>{args.N}</c> placeholders with the import's arguments.</summary>
    private static string Substitute(string value, List<CaddyToken> args)
    {
        if (!value.Contains("{args", StringComparison.Ordinal))
        {
            return value;
        }

        for (var i = 1; i < args.Count; i++)
        {
            var n = (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            value = value.Replace("{args[" + n + "]}", args[i].Value, StringComparison.Ordinal).Replace("{args." + n + "}", args[i].Value, StringComparison.Ordinal);
        }

        return value;
    }

    private IReadOnlyList<CaddyToken> Lex(CaddySourceFile file)
    {
        if (!_lexed.TryGetValue(file.Path, out var tokens))
        {
            tokens = CaddyLexer.Tokenize(file);
            _lexed[file.Path] = tokens;
        }

        return tokens;
    }

    private static ConfigFileException Error(CaddyToken token, string message) => new($"{token.Where}: {message}.");
}
