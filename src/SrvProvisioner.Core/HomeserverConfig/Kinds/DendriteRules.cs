using SrvProvisioner.Core.HomeserverConfig.Yaml;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;
using YamlDotNet.Core;

namespace SrvProvisioner.Core.HomeserverConfig.Kinds;

/// <summary>
/// Dendrite <c>dendrite.yaml</c>: a non-empty <c>global.well_known_server_name</c> makes
/// Dendrite serve <c>/.well-known/matrix/server</c> (dendrite-sample.yaml: "The server name to
/// delegate server-server communications to"). Changed in place to the empty string, in the
/// quoting style the value had.
/// </summary>
internal static class DendriteRules
{
    public const string Setting = "global.well_known_server_name";

    public static KindPlan Plan(ConfigFileText file)
    {
        var index = YamlIndex.Parse(file.Path, file.Text);
        var entry = YamlSettings.Find(index, file.Path, Setting);
        if (entry?.ScalarValue is not { } value || value.Value.Length == 0 || YamlScalars.IsPlainNull(value))
        {
            return KindPlan.Empty;
        }

        if (YamlScalars.IsTemplated(value))
        {
            return new KindPlan([], [], [TemplatedFinding.For(file, entry, "\"\"")]);
        }

        var empty = value.Style == ScalarStyle.SingleQuoted ? "''" : "\"\"";
        return new KindPlan([new ConfigChange(Setting, ChangeAction.Update, YamlScalars.ToJson(value), "\"\"")], [YamlEdits.ReplaceValue(entry, empty)], []);
    }
}
