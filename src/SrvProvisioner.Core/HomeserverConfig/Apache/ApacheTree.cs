using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig.Nginx;
using SrvProvisioner.Core.HomeserverConfig.Proxies;
using SrvProvisioner.Core.IO;

namespace SrvProvisioner.Core.HomeserverConfig.Apache;

/// <summary>
/// An Apache httpd configuration as httpd loads it: the main file and every file its
/// <c>Include</c>/<c>IncludeOptional</c> directives pull in, at any level, relative paths taken
/// from <c>ServerRoot</c> (the main file's directory when it sets none), wildcards expanded as
/// httpd's fnmatch does (a wildcard never matches a leading dot), a directory included as every
/// file below it. Bounded: files, bytes, depth; an include cycle is refused.
/// </summary>
internal sealed class ApacheTree : IProxyTree
{
    public const int MaxFiles = ProxySourceFiles<ApacheSourceFile>.MaxFiles;
    public const int MaxFileBytes = 4 * 1024 * 1024;
    private const int MaxIncludeDepth = 16;

    private static readonly ProxyFileReading Reading = new("Apache httpd", new InputKind("Apache configuration file", MaxFileBytes), "apachectl -t");

    private ProxySourceFiles<ApacheSourceFile> _files = new(Reading, (path, bytes) => new ApacheSourceFile(path, bytes, ConfigFileText.Decode(path, bytes)));
    private readonly Dictionary<string, IReadOnlyList<ApacheDirective>> _parsed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _globs = new(StringComparer.Ordinal);
    private readonly List<string> _includePatterns = [];
    private readonly Dictionary<string, int> _timesLoaded = new(StringComparer.Ordinal);

    private ApacheTree(string root)
    {
        Root = root;
        ServerRoot = Path.GetDirectoryName(root)!;
    }

    public string Root { get; }

    /// <summary>Where relative paths start: <c>ServerRoot</c>, or the main file's directory.</summary>
    public string ServerRoot { get; private set; }

    public IReadOnlyList<ApacheDirective> Directives { get; private set; } = [];

    public IEnumerable<ApacheSourceFile> Files => _files.InLoadOrder;

    public string Sha256 { get; private set; } = string.Empty;

    public ApacheSourceFile File(string path) => _files[path];

    public int TimesLoaded(string path) => path == Root ? 1 : _timesLoaded.GetValueOrDefault(path);

    public string? LoadedBy(string path) =>
        _includePatterns.FirstOrDefault(p => NginxGlob.Matches(p, path) || path.StartsWith(p.TrimEnd('/') + "/", StringComparison.Ordinal) && !NginxGlob.HasWildcard(p) || p.StartsWith(path + "/", StringComparison.Ordinal));

    public static ApacheTree Load(string root)
    {
        var tree = new ApacheTree(Path.GetFullPath(root));
        tree.Build();
        return tree;
    }

    public ApacheTree WithFile(string path, byte[] bytes)
    {
        var tree = new ApacheTree(Root) { _files = _files.WithFile(path, bytes) };
        foreach (var (key, value) in _globs)
        {
            tree._globs[key] = value;
        }

        tree.Build();
        return tree;
    }

    private void Build()
    {
        var main = _files.Read(Root, Root);
        if (Parsed(main).FirstOrDefault(d => d.Is("ServerRoot")) is { Args: [var serverRoot] } && !serverRoot.Contains("${", StringComparison.Ordinal))
        {
            ServerRoot = Path.GetFullPath(serverRoot, Path.GetDirectoryName(Root)!);
        }

        Directives = Expand(Parsed(main), 0, [Root]);
        Sha256 = _files.ComputeSha();
    }

    private IReadOnlyList<ApacheDirective> Parsed(ApacheSourceFile file)
    {
        if (!_parsed.TryGetValue(file.Path, out var directives))
        {
            directives = ApacheParser.Parse(file);
            _parsed[file.Path] = directives;
        }

        return directives;
    }

    private List<ApacheDirective> Expand(IReadOnlyList<ApacheDirective> directives, int depth, List<string> stack)
    {
        var result = new List<ApacheDirective>();
        foreach (var directive in directives)
        {
            if (directive.Is("Include") || directive.Is("IncludeOptional"))
            {
                result.AddRange(Include(directive, depth, stack));
                continue;
            }

            result.Add(directive.Children is { } children ? directive with { Children = Expand(children, depth, stack) } : directive);
        }

        return result;
    }

    private List<ApacheDirective> Include(ApacheDirective directive, int depth, List<string> stack)
    {
        if (directive.Args.Count != 1 || directive.HasVariable)
        {
            throw new ConfigFileException($"{directive.Where}: {directive.Name} takes one path without variables here; srvprov cannot tell what httpd loads. Give the included file with --config instead.");
        }

        if (depth >= MaxIncludeDepth)
        {
            throw new ConfigFileException($"{directive.Where}: includes nested deeper than {MaxIncludeDepth}; srvprov refuses to follow them.");
        }

        var optional = directive.Is("IncludeOptional");
        var pattern = Path.GetFullPath(directive.Args[0], ServerRoot);
        if (!_files.CachedOnly && !_includePatterns.Contains(pattern))
        {
            _includePatterns.Add(pattern);
        }

        var result = new List<ApacheDirective>();
        foreach (var path in Paths(pattern, optional, directive))
        {
            if (stack.Contains(path))
            {
                throw new ConfigFileException($"{directive.Where}: {path} includes itself; httpd would refuse it too.");
            }

            var file = _files.Read(path, directive.Where);
            _timesLoaded[path] = _timesLoaded.GetValueOrDefault(path) + 1;
            stack.Add(path);
            result.AddRange(Expand(Parsed(file), depth + 1, stack));
            stack.RemoveAt(stack.Count - 1);
        }

        return result;
    }

    private IReadOnlyList<string> Paths(string pattern, bool optional, ApacheDirective directive)
    {
        if (_globs.TryGetValue(pattern, out var known))
        {
            return known;
        }

        if (_files.CachedOnly)
        {
            return _files.Contains(pattern) ? [pattern] : [];
        }

        IReadOnlyList<string> paths;
        if (NginxGlob.HasWildcard(pattern))
        {
            paths = NginxGlob.Expand(pattern).Where(p => !Directory.Exists(p)).ToList();
        }
        else if (Directory.Exists(pattern))
        {
            // httpd reads every file below an included directory, in order.
            var files = Directory.EnumerateFiles(pattern, "*", SearchOption.AllDirectories).Where(p => !Path.GetFileName(p).StartsWith('.')).Take(NginxGlob.MaxMatches + 1).ToList();
            if (files.Count > NginxGlob.MaxMatches)
            {
                throw new ConfigFileException($"{directive.Where}: {pattern} holds more than {NginxGlob.MaxMatches} files; srvprov refuses to read that many.");
            }

            paths = NginxGlob.Sorted(files);
        }
        else if (System.IO.File.Exists(pattern) || !optional)
        {
            paths = [pattern];
        }
        else
        {
            paths = [];
        }

        _globs[pattern] = paths;
        return paths;
    }
}
