using CsCheck;

namespace SrvProvisioner.Testing.Fuzz;

/// <summary>
/// Inputs near valid ones: a seed file with a few random edits (insert, delete, duplicate,
/// replace, truncate, splice in a token of the grammar). Purely random text rarely gets past a
/// parser's first check; edits of real files reach the deep paths.
/// </summary>
public static class Mutations
{
    private const string Alphabet = "\0\t\n\r \"'#;:,.-_[]{}()<>*&!|@$\\=%+?`~/0123456789aAzZ\u00e9\u00ff\u2028\ufeff\ufffd\U0001F600";

    private static readonly string[] Tokens =
    [
        "<<: *a\n", "&a ", "*a", "[", "]", "{", "}", "---\n", "...\n", "\"", "'", "\\", "(", ")", "$ORIGIN ", "$TTL ", "$INCLUDE x\n",
        " IN ", " SRV ", " SOA ", "server {", "location /.well-known/matrix/server {", "include ", ";", "=", "[global]\n", "[[x]]\n",
        "\n  ", "\n- ", "!!binary ", "!!python/object ", "%YAML 1.1\n", "\\065", "\\999", "* ", "@ ", "65536", "-1", "NaN", "1e400",
        "{file: /nonexistent}", "{env: NOPE}", "\"\"\"", "'''", "0x", "true", "null", "~", ":443", "[::1]", "xn--", "..",
    ];

    /// <summary>A seed with 0 to 8 edits.</summary>
    public static Gen<string> Near(params string[] seeds) =>
        Gen.Select(Gen.OneOf(seeds), Edit.Array[0, 8], (seed, edits) => edits.Aggregate(seed, (text, edit) => edit(text)));

    private static Gen<Func<string, string>> Edit { get; } =
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Char[Alphabet], Gen.OneOf(Tokens), (kind, a, b, c, token) =>
            new Func<string, string>(text =>
            {
                var at = text.Length == 0 ? 0 : a % (text.Length + 1);
                var length = text.Length - at == 0 ? 0 : 1 + (b % Math.Min(64, text.Length - at));
                return kind switch
                {
                    0 => text.Insert(at, c.ToString()),
                    1 => text.Remove(at, length),
                    2 => text.Insert(b % (text.Length + 1), text.Substring(at, length)),
                    3 when length > 0 => text.Remove(at, 1).Insert(at, c.ToString()),
                    4 => text[..at],
                    _ => text.Insert(at, token),
                };
            }));
}
