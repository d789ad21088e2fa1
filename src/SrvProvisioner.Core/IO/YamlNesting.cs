using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SrvProvisioner.Core.IO;

/// <summary>
/// Refuses YAML nested deeper than <see cref="MaxDepth"/> before anything recursive reads it:
/// YamlDotNet's parser is a state machine (no recursion), while its representation model and
/// srvprov's key index recurse once per level, so 40,000 levels would overflow the stack.
/// No real config or fleet file comes near 128 levels.
/// </summary>
internal static class YamlNesting
{
    public const int MaxDepth = 128;

    /// <summary>Throws <see cref="YamlException"/> (with the position) at the first node deeper than <see cref="MaxDepth"/>.</summary>
    public static void Check(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (MoveNext(parser))
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    throw new YamlException(parser.Current.Start, parser.Current.End, $"nested more than {MaxDepth} levels deep; srvprov reads at most {MaxDepth} levels");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>
    /// YamlDotNet's scanner throws <see cref="InvalidOperationException"/> instead of a
    /// <see cref="YamlException"/> on some malformed input (found by the parser fuzz test: a plain
    /// scalar cut inside a flow sequence); it is malformed YAML all the same.
    /// </summary>
    private static bool MoveNext(Parser parser)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (InvalidOperationException ex)
        {
            var at = parser.Current?.End ?? Mark.Empty;
            throw new YamlException(at, at, "the YAML parser could not read what follows (malformed flow collection or scalar)", ex);
        }
    }
}
