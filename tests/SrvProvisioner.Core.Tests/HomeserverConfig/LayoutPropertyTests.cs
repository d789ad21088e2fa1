using System.Text;
using CsCheck;
using SrvProvisioner.Core.HomeserverConfig;
using static SrvProvisioner.Core.Tests.HomeserverConfig.ConfigTestSupport;

namespace SrvProvisioner.Core.Tests.HomeserverConfig;

/// <summary>
/// Generated layouts (comments, blank lines, quoting styles, flow collections, nested
/// mappings, CRLF, BOM, with or without a final newline): the edit changes exactly the
/// setting's text and nothing else. The expected file is built from the same pieces as the
/// input, with only the setting's piece swapped.
/// </summary>
public sealed class LayoutPropertyTests
{
    private const string Why = "srvprov: federation is delegated by DNS SRV records; a served /.well-known/matrix/server would take precedence over them.";

    private static readonly Gen<string> NewLine = Gen.OneOf("\n", "\r\n");

    private static readonly Gen<string> YamlFiller = Gen.Int[0, 7].Select(Gen.Int[0, 999], (kind, n) => kind switch
    {
        0 => $"# comment {n}: serve_server_wellknown: true",
        1 => string.Empty,
        2 => $"key{n}: plain value {n}",
        3 => $"key{n}: 'single ''quoted'' {n}'",
        4 => $"key{n}: \"double \\\"quoted\\\" {n}\"  # trailing",
        5 => $"key{n}: {{a: 1, b: \"x, y\", serve_server_wellknown: true}}",
        6 => $"key{n}: [1, 'two', {{three: 3}}]",
        _ => $"key{n}:\n  nested: {n}\n  list:\n    - a\n    - serve_server_wellknown: true",
    });

    private static readonly Gen<string> TruthyValue = Gen.OneOf("true", "True", "TRUE", "yes", "on", "'true'", "\"true\"", "\"no thanks\"", "1");

    private static readonly Gen<string> TomlFiller = Gen.Int[0, 6].Select(Gen.Int[0, 999], (kind, n) => kind switch
    {
        0 => $"# comment {n}: server = \"x\"",
        1 => string.Empty,
        2 => $"key{n} = \"basic \\\" {n}\"",
        3 => $"key{n} = 'literal {n}'  # trailing",
        4 => $"key{n} = [1, 2, {n}]",
        5 => $"key{n} = {{ a = 1, server = \"inline elsewhere\" }}",
        _ => $"key{n} = {n}",
    });

    [Fact]
    public void Yaml_UpdateChangesOnlyTheValue()
    {
        Gen.Select(YamlFiller.Array[0, 6], YamlFiller.Array[0, 6], TruthyValue, Gen.OneOf(" ", "   "), Gen.OneOf(string.Empty, "  # why not"), NewLine, Gen.Bool, Gen.Bool)
            .Sample((above, below, value, gap, comment, nl, bom, finalNewLine) =>
            {
                string Build(string v) => Join([.. Unique(above, "a"), $"serve_server_wellknown:{gap}{v}{comment}", .. Unique(below, "b")], nl, finalNewLine);
                var before = Build(value);
                var bytes = Bytes(before, bom);

                var analysis = ConfigAnalyzer.Analyze("homeserver.yaml", bytes, ConfigKind.Synapse, Server);

                analysis.After.ShouldBe(Bytes(Build("false"), bom));
                analysis.Changes.ShouldHaveSingleItem().After.ShouldBe("false");
            });
    }

    [Fact]
    public void Yaml_AddedKeyLeavesEveryExistingByteInPlace()
    {
        Gen.Select(YamlFiller.Array[0, 8], NewLine, Gen.Bool, Gen.Bool)
            .Sample((filler, nl, bom, finalNewLine) =>
            {
                var before = Join(["matrix_domain: example.com", .. Unique(filler, "f")], nl, finalNewLine);
                var analysis = ConfigAnalyzer.Analyze("vars.yml", Bytes(before, bom), ConfigKind.Playbook, Server);

                // A one-line file without a terminator has no line-ending style: LF is used.
                var eol = before.Contains('\n', StringComparison.Ordinal) ? nl : "\n";
                var added = $"# {Why}{eol}matrix_static_files_file_matrix_server_enabled: false";
                // A trailing blank filler line ends the text with a newline even when finalNewLine is false.
                var expected = before.EndsWith('\n') ? before + eol + added + eol : before + eol + eol + added;
                analysis.After.ShouldBe(Bytes(expected, bom));
                var values = YamlValues(Encoding.UTF8.GetString(analysis.After).TrimStart('\uFEFF'));
                values.Remove("0.matrix_static_files_file_matrix_server_enabled", out var value).ShouldBeTrue();
                value.ShouldBe("false");
                ShouldHaveSameValues(values, YamlValues(before));
            });
    }

    [Fact]
    public void Toml_RemovalCommentsOutOnlyTheServerLine()
    {
        Gen.Select(TomlFiller.Array[0, 5], TomlFiller.Array[0, 5], Gen.OneOf("\"example.com:443\"", "'example.com:443'"), Gen.OneOf(string.Empty, "    "), Gen.OneOf(string.Empty, " # set by hand"), NewLine, Gen.Bool, Gen.Bool)
            .Sample((global, wellKnown, value, indent, comment, nl, bom, finalNewLine) =>
            {
                string Build(string[] server) => Join(["[global]", .. Unique(global, "g"), "[global.well_known]", .. Unique(wellKnown, "w"), .. server, "[global.tls]", "certs = 'x'"], nl, finalNewLine);
                var line = $"{indent}server = {value}{comment}";
                var before = Build([line]);

                var analysis = ConfigAnalyzer.Analyze("tuwunel.toml", Bytes(before, bom), null, Server);

                analysis.After.ShouldBe(Bytes(Build([$"{indent}# {Why}", $"{indent}#server = {value}{comment}"]), bom));
                var values = TomlValues(Encoding.UTF8.GetString(analysis.After).TrimStart('\uFEFF'));
                var expected = TomlValues(before);
                expected.Remove("global.well_known.server").ShouldBeTrue();
                ShouldHaveSameValues(values, expected);
            });
    }

    /// <summary>Distinct key names per table: YAML and TOML loaders refuse or disagree on a redefined key.</summary>
    private static IEnumerable<string> Unique(string[] lines, string prefix) =>
        lines.Select((line, i) => line.StartsWith("key", StringComparison.Ordinal) ? $"{prefix}{i}_{line}" : line);

    private static string Join(IEnumerable<string> lines, string nl, bool finalNewLine)
    {
        var text = string.Join(nl, lines.Select(l => l.Replace("\n", nl, StringComparison.Ordinal)));
        return finalNewLine ? text + nl : text;
    }

    private static byte[] Bytes(string text, bool bom) =>
        bom ? [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text);
}
