using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.IO;

namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>
/// An nginx configuration as nginx loads it: the main file and every file its <c>include</c>
/// directives pull in, at any level, with globs expanded and relative paths taken from the
/// configuration prefix (the main file's directory, or <c>--nginx-prefix</c>), as
/// ngx_conf_include does. <see cref="Sha256"/> covers every file's path and bytes in load
/// order, so a file added to <c>sites-enabled/</c> after the plan makes the plan stale.
/// </summary>
internal sealed class NginxTree : Proxies.IProxyTree
{
    public const int MaxFiles = Proxies.ProxySourceFiles<NginxSourceFile>.MaxFiles;
    public const int MaxFileBytes = 4 * 1024 * 1024;

    private static readonly Proxies.ProxyFileReading Reading = new("nginx", new InputKind("nginx configuration file", MaxFileBytes), "nginx -t");
    private const int MaxIncludeDepth = 16;

    private Proxies.ProxySourceFiles<NginxSourceFile> _files = new(Reading, Parse);
    private readonly List<string> _includePatterns = [];
    private readonly Dictionary<string, int> _timesLoaded = new(StringComparer.Ordinal);

    private NginxTree(string root, string confDirectory)
    {
        Root = root;
        ConfDirectory = confDirectory;
    }

    /// <summary>The main file (absolute).</summary>
    public string Root { get; }

    /// <summary>Where relative <c>include</c> paths start.</summary>
    public string ConfDirectory { get; }

    public IReadOnlyList<NginxNode> Nodes { get; private set; } = [];

    public IEnumerable<NginxSourceFile> Files => _files.InLoadOrder;

    /// <summary>Every include pattern, made absolute: what nginx would load on its next start.</summary>
    public IReadOnlyList<string> IncludePatterns => _includePatterns;

    public string Sha256 { get; private set; } = string.Empty;

    /// <summary>An include pattern that matches <paramref name="path"/>, or reaches below it (when it is a directory).</summary>
    public string? LoadedBy(string path) =>
        _includePatterns.FirstOrDefault(p => NginxGlob.Matches(p, path) || p.StartsWith(path + "/", StringComparison.Ordinal));

    public NginxSourceFile File(string path) => _files[path];

    /// <summary>How many places load the file (the main file: 1); an edit in a file loaded twice changes both places.</summary>
    public int TimesLoaded(string path) => path == Root ? 1 : _timesLoaded.GetValueOrDefault(path);

    public static NginxTree Load(string root, string? confDirectory)
    {
        var full = System.IO.Path.GetFullPath(root);
        var tree = new NginxTree(full, confDirectory is null ? System.IO.Path.GetDirectoryName(full)! : System.IO.Path.GetFullPath(confDirectory));
        var main = tree._files.Read(full, full);
        tree.Nodes = tree.Expand(main, main.Directives, 0, [full]);
        tree.Sha256 = tree._files.ComputeSha();
        return tree;
    }

    /// <summary>Parses edited bytes of one file of this tree again (the rest unchanged), for checking an edit's effect.</summary>
    public NginxTree WithFile(string path, byte[] bytes)
    {
        var tree = new NginxTree(Root, ConfDirectory) { _files = _files.WithFile(path, bytes) };
        tree._includePatterns.AddRange(_includePatterns);
        var main = tree._files.Read(Root, Root);
        tree.Nodes = tree.Expand(main, main.Directives, 0, [Root]);
        tree.Sha256 = tree._files.ComputeSha();
        return tree;
    }

    private List<NginxNode> Expand(NginxSourceFile file, IReadOnlyList<NginxDirective> directives, int depth, List<string> stack)
    {
        var nodes = new List<NginxNode>();
        foreach (var directive in directives)
        {
            if (directive.Name == "include" && !directive.IsBlock)
            {
                foreach (var included in Include(file, directive, depth, stack))
                {
                    nodes.AddRange(included);
                }

                continue;
            }

            List<NginxNode>? children = null;
            var hasInclude = false;
            if (directive.Children is { } childDirectives)
            {
                children = Expand(file, childDirectives, depth, stack);
                hasInclude = childDirectives.Any(c => c.Name == "include");
            }

            nodes.Add(new NginxNode(directive, file, children) { HasInclude = hasInclude });
        }

        return nodes;
    }

    private IEnumerable<List<NginxNode>> Include(NginxSourceFile file, NginxDirective directive, int depth, List<string> stack)
    {
        if (directive.Args.Count != 1 || directive.Args[0].HasVariable)
        {
            throw new ConfigFileException($"{file.Where(directive)}: include takes one path without variables; srvprov reads nginx configuration as nginx does. Check it with 'nginx -t'.");
        }

        if (depth >= MaxIncludeDepth)
        {
            throw new ConfigFileException($"{file.Where(directive)}: includes nested deeper than {MaxIncludeDepth}; srvprov refuses to follow them.");
        }

        var pattern = directive.Args[0].Value;
        var absolute = pattern.StartsWith('/') ? pattern : System.IO.Path.Combine(ConfDirectory, pattern);
        absolute = System.IO.Path.GetFullPath(absolute);
        if (!_files.CachedOnly && !_includePatterns.Contains(absolute))
        {
            _includePatterns.Add(absolute);
        }

        IReadOnlyList<string> paths;
        if (NginxGlob.HasWildcard(absolute))
        {
            paths = _files.CachedOnly ? NginxGlob.Sorted(_files.KnownPaths.Where(p => NginxGlob.Matches(absolute, p))) : NginxGlob.Expand(absolute);
        }
        else
        {
            paths = [absolute];
        }

        foreach (var path in paths)
        {
            if (stack.Contains(path))
            {
                throw new ConfigFileException($"{file.Where(directive)}: {path} includes itself; nginx would refuse it too.");
            }

            var included = _files.Read(path, file.Where(directive));
            _timesLoaded[path] = _timesLoaded.GetValueOrDefault(path) + 1;
            stack.Add(path);
            yield return Expand(included, included.Directives, depth + 1, stack);
            stack.RemoveAt(stack.Count - 1);
        }
    }

    private static NginxSourceFile Parse(string path, byte[] bytes)
    {
        var text = ConfigFileText.Decode(path, bytes);
        return new NginxSourceFile(path, bytes, text, NginxParser.Parse(path, text.Text));
    }
}
