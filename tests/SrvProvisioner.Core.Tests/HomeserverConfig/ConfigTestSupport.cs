using System.Text;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.HomeserverConfig;
using Tomlyn;
using Tomlyn.Model;
using YamlDotNet.RepresentationModel;

namespace SrvProvisioner.Core.Tests.HomeserverConfig;

/// <summary>Reading fixtures, parsing files into flat path → value maps, and byte-diff checks.</summary>
internal static class ConfigTestSupport
{
    public static readonly DnsName Server = DnsName.ParseServerName("example.com");

    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "HomeserverConfig", "Fixtures", name);

    public static string Fixture(string name) => File.ReadAllText(FixturePath(name), new UTF8Encoding(false));

    /// <summary>A minimal text edit of a fixture; fails when the text to replace is not there exactly once.</summary>
    public static string ReplaceOnce(string text, string oldText, string newText)
    {
        var at = text.IndexOf(oldText, StringComparison.Ordinal);
        at.ShouldBeGreaterThanOrEqualTo(0, $"fixture no longer contains {oldText}");
        text.IndexOf(oldText, at + 1, StringComparison.Ordinal).ShouldBe(-1, $"fixture contains {oldText} more than once");
        return string.Concat(text.AsSpan(0, at), newText, text.AsSpan(at + oldText.Length));
    }

    public static ConfigFileAnalysis Analyze(string name, string text, ConfigKind? kind = null) =>
        ConfigAnalyzer.Analyze(name, Encoding.UTF8.GetBytes(text), kind, Server);

    public static string After(ConfigFileAnalysis analysis) => Encoding.UTF8.GetString(analysis.After);

    /// <summary>Every scalar of every YAML document, by path (sequence items by index).</summary>
    public static Dictionary<string, string> YamlValues(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            Flatten(stream.Documents[i].RootNode, $"{i}", values);
        }

        return values;
    }

    /// <summary>Every value of a TOML file, by dotted path.</summary>
    public static Dictionary<string, string> TomlValues(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(TomlSerializer.Deserialize<TomlTable>(text)!, string.Empty, values);
        return values;
    }

    /// <summary>
    /// The bytes that differ between <paramref name="before"/> and <paramref name="after"/> (after
    /// removing the common prefix and suffix) lie on the given 1-based lines of the old text.
    /// </summary>
    public static void ShouldDifferOnlyOnLines(string before, string after, params int[] lines)
    {
        var prefix = 0;
        while (prefix < before.Length && prefix < after.Length && before[prefix] == after[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < before.Length - prefix && suffix < after.Length - prefix && before[^(suffix + 1)] == after[^(suffix + 1)])
        {
            suffix++;
        }

        var first = LineOf(before, prefix);
        var last = LineOf(before, Math.Max(prefix, before.Length - suffix - 1));
        var changed = Enumerable.Range(first, last - first + 1).ToArray();
        changed.ShouldBeSubsetOf(lines.Concat([LineOf(before, before.Length)]), $"changed lines {first}..{last}");
    }

    public static void ShouldHaveSameValues(Dictionary<string, string> actual, Dictionary<string, string> expected) =>
        actual.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList().ShouldBe(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList());

    public static int LineOf(string text, int index) => text.Take(Math.Min(index, text.Length)).Count(c => c == '\n') + 1;

    public static int LineContaining(string text, string needle)
    {
        var at = text.IndexOf(needle, StringComparison.Ordinal);
        at.ShouldBeGreaterThanOrEqualTo(0);
        return LineOf(text, at);
    }

    private static void Flatten(YamlNode node, string path, Dictionary<string, string> values)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                values[path] = scalar.Value ?? "~";
                break;
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    Flatten(value, path + "." + ((YamlScalarNode)key).Value, values);
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Flatten(sequence.Children[i], $"{path}[{i}]", values);
                }

                break;
        }
    }

    private static void Flatten(object? value, string path, Dictionary<string, string> values)
    {
        switch (value)
        {
            case TomlTable table:
                foreach (var (key, child) in table)
                {
                    Flatten(child, path.Length == 0 ? key : path + "." + key, values);
                }

                break;
            case TomlTableArray tables:
                for (var i = 0; i < tables.Count; i++)
                {
                    Flatten(tables[i], $"{path}[{i}]", values);
                }

                break;
            case TomlArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Flatten(array[i], $"{path}[{i}]", values);
                }

                break;
            default:
                values[path] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null";
                break;
        }
    }
}
