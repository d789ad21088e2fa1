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
    private readonly IParser _parser;
    private int _document = -1;

    private YamlIndex(string text)
    {
        _parser = new Parser(new StringReader(text));
    }

    public IReadOnlyList<YamlEntry> Entries => _entries;

    public IReadOnlyList<YamlDocumentInfo> Documents => _documents;

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
            ReadNode(childPath);
            if (childPath is not null)
            {
                _entries.Add(new YamlEntry(childPath, _document, (Scalar)keyEvent!, value, value.End, flow));
            }
        }
    }
}
