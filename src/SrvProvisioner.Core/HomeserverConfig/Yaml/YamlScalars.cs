using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SrvProvisioner.Core.HomeserverConfig.Yaml;

/// <summary>How the YAML loaders of the homeservers (PyYAML, Go yaml) read a scalar.</summary>
internal static partial class YamlScalars
{
    // YAML 1.1 (PyYAML, used by Synapse and Ansible) resolves these plain scalars to booleans.
    private static readonly HashSet<string> TrueWords = new(StringComparer.Ordinal) { "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON" };
    private static readonly HashSet<string> FalseWords = new(StringComparer.Ordinal) { "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF" };
    private static readonly HashSet<string> NullWords = new(StringComparer.Ordinal) { string.Empty, "~", "null", "Null", "NULL" };

    public static bool IsPlain(Scalar scalar) => scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;

    public static bool IsPlainNull(Scalar scalar) => IsPlain(scalar) && NullWords.Contains(scalar.Value);

    public static bool IsPlainFalse(Scalar scalar) => IsPlain(scalar) && FalseWords.Contains(scalar.Value);

    /// <summary>A Jinja expression or statement: Ansible renders it, so its value is unknown here.</summary>
    public static bool IsTemplated(Scalar scalar) => scalar.Value.Contains("{{", StringComparison.Ordinal) || scalar.Value.Contains("{%", StringComparison.Ordinal);

    /// <summary>
    /// Ansible's <c>bool</c> filter: a string is true only when it is yes/on/1/true (any case);
    /// YAML booleans are themselves.
    /// </summary>
    public static bool IsAnsibleTrue(Scalar scalar)
    {
        if (IsPlain(scalar) && TrueWords.Contains(scalar.Value))
        {
            return true;
        }

        return scalar.Value.Trim().ToLowerInvariant() is "yes" or "on" or "1" or "true";
    }

    /// <summary>The value as a JSON literal of the YAML 1.1 type it resolves to.</summary>
    public static string ToJson(Scalar scalar)
    {
        if (IsPlain(scalar))
        {
            if (TrueWords.Contains(scalar.Value))
            {
                return "true";
            }

            if (FalseWords.Contains(scalar.Value))
            {
                return "false";
            }

            if (NullWords.Contains(scalar.Value))
            {
                return "null";
            }

            if (DecimalInteger().IsMatch(scalar.Value))
            {
                return scalar.Value;
            }
        }

        return JsonValue.Create(scalar.Value).ToJsonString();
    }

    [GeneratedRegex("^-?(0|[1-9][0-9]{0,17})$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInteger();
}
