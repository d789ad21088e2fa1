using System.Security.Cryptography;
using System.Text;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.IO;

namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>
/// The files of one reverse proxy configuration (nginx, Apache httpd, Caddy), each read once
/// through <see cref="InputFile"/> (a regular file under a size cap) and kept in the order the
/// server loads them, with the one hash over paths and bytes that makes a plan stale when any
/// file changes or a new one is loaded. Bounded to <see cref="MaxFiles"/> files.
/// </summary>
internal sealed class ProxySourceFiles<TFile>
    where TFile : class, IProxySourceFile
{
    public const int MaxFiles = 512;

    private readonly Dictionary<string, TFile> _files = new(StringComparer.Ordinal);
    private readonly List<string> _loadOrder = [];
    private readonly ProxyFileReading _reading;
    private readonly Func<string, byte[], TFile> _create;

    public ProxySourceFiles(ProxyFileReading reading, Func<string, byte[], TFile> create)
    {
        _reading = reading;
        _create = create;
    }

    /// <summary>Set on a copy made by <see cref="WithFile"/>: every file must already be known, nothing is read from disk.</summary>
    public bool CachedOnly { get; private init; }

    /// <summary>The files in load order.</summary>
    public IEnumerable<TFile> InLoadOrder => _loadOrder.Select(p => _files[p]);

    public TFile this[string path] => _files[path];

    public bool Contains(string path) => _files.ContainsKey(path);

    /// <summary>Every path read so far (on a <see cref="WithFile"/> copy: every path the original read).</summary>
    public IEnumerable<string> KnownPaths => _files.Keys;

    /// <summary>The file at <paramref name="path"/>, read on first use; <paramref name="from"/> is where it is loaded from, for errors.</summary>
    public TFile Read(string path, string from)
    {
        if (_files.TryGetValue(path, out var known))
        {
            if (!_loadOrder.Contains(path))
            {
                _loadOrder.Add(path);
            }

            return known;
        }

        if (CachedOnly)
        {
            throw new InvalidOperationException($"{path} was not read with the tree");
        }

        if (_files.Count >= MaxFiles)
        {
            throw new ConfigFileException($"{from}: the {_reading.Server} configuration loads more than {MaxFiles} files; srvprov refuses to read that many.");
        }

        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(path, _reading.Kind);
        }
        catch (FileSafetyException ex)
        {
            throw new ConfigFileException($"{from}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigFileException($"{from}: cannot read {path}: {ex.Message} {_reading.Server} would refuse it too; check the path, or run '{_reading.CheckCommand}'.", ex);
        }

        var file = _create(path, bytes);
        _files[path] = file;
        _loadOrder.Add(path);
        return file;
    }

    /// <summary>
    /// A copy holding <paramref name="bytes"/> for <paramref name="path"/> and every other file as
    /// read; nothing more is read from disk. Its load order is rebuilt as the copy's tree loads.
    /// </summary>
    public ProxySourceFiles<TFile> WithFile(string path, byte[] bytes)
    {
        var copy = new ProxySourceFiles<TFile>(_reading, _create) { CachedOnly = true };
        foreach (var (key, file) in _files)
        {
            copy._files[key] = key == path ? _create(path, bytes) : file;
        }

        return copy;
    }

    /// <summary>A hash over every loaded file's path and bytes, in load order.</summary>
    public string ComputeSha()
    {
        var builder = new StringBuilder();
        foreach (var path in _loadOrder)
        {
            builder.Append(path).Append('\0').Append(_files[path].Sha256).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }
}

/// <summary>How one proxy's files are read and named in errors: the server's name, the input kind (size cap), the command that checks its configuration.</summary>
internal sealed record ProxyFileReading(string Server, InputKind Kind, string CheckCommand);
