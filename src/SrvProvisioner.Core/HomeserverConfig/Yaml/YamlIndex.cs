using SrvProvisioner.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SrvProvisioner.Core.HomeserverConfig.Yaml;

/// <summary>
/// Every mapping key of a YAML file with the exact character span of its value, read from
/// YamlDotNet's parser events (marks are character indexes into the text, end exclusive).
/// Nothing is resolved or rewritten: the text stays the source of truth for edits.
/// </summary>
internal sealed class YamlIndex
{
    private readonly List<YamlEntry> _entries = [];
    private readonly List<YamlDocumentInfo> _documents = [];
    private readonly List<YamlMerge> _merges = [];
    private readonly Dictionary<(int Document, string Name), YamlAnchor> _anchors = [];
    private readonly HashSet<(int Document, string Name)> _aliased = [];
    private readonly IParser _parser;
    private int _document = -1;

    private YamlIndex(string text)
    {
        _parser = new Parser(new StringReader(text));
    }

    public IReadOnlyList<YamlEntry> Entries => _entries;

    public IReadOnlyList<YamlDocumentInfo> Documents => _documents;

    /// <summary>Every merge key (<c>&lt;&lt;</c>) in a mapping reachable by keys.</summary>
    public IReadOnlyList<YamlMerge> Merges => _merges;

    /// <summary>Anchored mappings, sequences and scalars (the last definition of a name, its path null when defined twice).</summary>
    public IReadOnlyCollection<YamlAnchor> Anchors => _anchors.Values;

    /// <summary>The anchor of that name in that document, or null.</summary>
    public YamlAnchor? Anchor(int document, string name) => _anchors.GetValueOrDefault((document, name));

    /// <summary>Whether an alias or a merge key refers to the anchor.</summary>
    public bool IsAliased(int document, string name) => _aliased.Contains((document, name));

    public static YamlIndex Parse(string path, string text)
    {
        var index = new YamlIndex(text);
        try
        {
            IO.YamlNesting.Check(text);
            index.ReadStream();
        }
        catch (YamlException ex)
        {
            throw new ConfigFileException($"{path} is not valid YAML (line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}); fix it and run again.", ex);
        }
        catch (EndOfStreamException ex)
        {
            // YamlDotNet's parser can end its event stream inside a mapping on some malformed
            // input (found by the config fuzz test) instead of raising a YamlException.
            throw new ConfigFileException($"{path} is not valid YAML (it ends inside a mapping or sequence); fix it and run again.", ex);
        }
        catch (ArgumentException ex)
        {
            // YamlDotNet's parser throws this for a malformed tag ("Global tags must be valid
            // URIs", found by the config fuzz test): invalid YAML all the same.
            throw new ConfigFileException($"{path} is not valid YAML ({ex.Message.Split(" (Parameter", 2)[0]}); fix it and run again.", ex);
        }

        return index;
    }

    /// <summary>Keys directly under the root mapping of the first document.</summary>
    public IEnumerable<YamlEntry> TopLevel => _entries.Where(e => e.Document == 0 && e.Path.Count == 1);

    private void ReadStream()
    {
        _parser.Consume<StreamStart>();
        while (_parser.TryConsume<DocumentStart>(out _))
        {
            _document++;
            var root = _parser.Current is DocumentEnd ? null : _parser.Current;
            ReadNode([]);
            var end = _parser.Consume<DocumentEnd>();
            _documents.Add(new YamlDocumentInfo(_document, root, end));
        }

        _parser.Consume<StreamEnd>();
    }

    /// <summary>Reads one node; <paramref name="path"/> is null inside sequences.</summary>
    private void ReadNode(IReadOnlyList<string>? path)
    {
        var current = _parser.Current ?? throw new YamlException("unexpected end of the YAML stream");
        if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            // A mapping reachable by keys can be followed by a merge; anything else (or a name given twice) cannot.
            var key = (_document, anchored.Anchor.Value);
            var followable = current is MappingStart && path is not null && !_anchors.ContainsKey(key);
            _anchors[key] = new YamlAnchor(_document, anchored.Anchor.Value, followable ? path : null, current.Start.Line);
        }

        if (current is AnchorAlias alias)
        {
            _aliased.Add((_document, alias.Value.Value));
        }

        switch (current)
        {
            case MappingStart mapping:
                _parser.MoveNext();
                ReadMapping(path, mapping.Style == MappingStyle.Flow);
                break;
            case SequenceStart:
                _parser.MoveNext();
                while (!_parser.TryConsume<SequenceEnd>(out _))
                {
                    ReadNode(null);
                }

                break;
            default:
                // Scalar or alias: one event.
                _parser.MoveNext();
                break;
        }
    }

    private void ReadMapping(IReadOnlyList<string>? path, bool flow)
    {
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = _parser.Current;
            ReadNode(null);
            var value = _parser.Current ?? throw new YamlException("unexpected end of the YAML stream");
            var childPath = path is not null && keyEvent is Scalar key ? (IReadOnlyList<string>)[.. path, key.Value] : null;
            if (path is not null && keyEvent is Scalar { Value: "<<", Style: ScalarStyle.Plain } mergeKey)
            {
                ReadMerge(path, mergeKey, childPath!);
            }
            else
            {
                ReadNode(childPath);
            }

            if (childPath is not null)
            {
                _entries.Add(new YamlEntry(childPath, _document, (Scalar)keyEvent!, value, value.End, flow));
            }
        }
    }

    /// <summary>
    /// The value of a merge key: an alias, a list of aliases, or an inline mapping (YAML merge
    /// type). Aliases are only named, never expanded: a crafted file of merges of merges
    /// ("billion laughs") costs one event each.
    /// </summary>
    private void ReadMerge(IReadOnlyList<string> path, Scalar key, IReadOnlyList<string> childPath)
    {
        var sources = new List<YamlMergeSource>();
        switch (_parser.Current)
        {
            case AnchorAlias alias:
                sources.Add(new YamlMergeSource(alias.Value.Value, null));
                ReadNode(null);
                break;
            case SequenceStart:
                _parser.MoveNext();
                while (!_parser.TryConsume<SequenceEnd>(out _))
                {
                    sources.Add(_parser.Current is AnchorAlias item ? new YamlMergeSource(item.Value.Value, null) : new YamlMergeSource(null, null));
                    ReadNode(null);
                }

                break;
            case MappingStart:
                sources.Add(new YamlMergeSource(null, childPath));
                ReadNode(childPath);
                break;
            default:
                sources.Add(new YamlMergeSource(null, null));
                ReadNode(null);
                break;
        }

        foreach (var source in sources.Where(s => s.Anchor is not null))
        {
            _aliased.Add((_document, source.Anchor!));
        }

        _merges.Add(new YamlMerge(_document, path, key.Start.Line, sources));
    }
}
