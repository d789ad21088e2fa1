using SrvProvisioner.Core.HomeserverConfig.Yaml;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.HomeserverConfig.Kinds;

/// <summary>
/// Synapse <c>homeserver.yaml</c>: <c>serve_server_wellknown</c> (default false) makes Synapse
/// answer <c>/.well-known/matrix/server</c> itself (Synapse config documentation,
/// "serve_server_wellknown"; synapse/config/server.py reads it with Python truthiness, so a
/// quoted "false" is true). Changed in place to <c>false</c>.
/// </summary>
internal static class SynapseRules
{
    public const string Setting = "serve_server_wellknown";

    public static KindPlan Plan(ConfigFileText file)
    {
        var index = YamlIndex.Parse(file.Path, file.Text);
        var entry = YamlSettings.Find(index, file.Path, Setting);
        if (entry?.ScalarValue is not { } value)
        {
            return KindPlan.Empty;
        }

        if (YamlScalars.IsTemplated(value))
        {
            return new KindPlan([], [], [TemplatedFinding.For(file, entry, "false")]);
        }

        var off = YamlScalars.IsPlainFalse(value) || YamlScalars.IsPlainNull(value) || (YamlScalars.IsPlain(value) && value.Value == "0");
        return off
            ? KindPlan.Empty
            : new KindPlan([new ConfigChange(Setting, ChangeAction.Update, YamlScalars.ToJson(value), "false")], [YamlEdits.ReplaceValue(entry, "false")], []);
    }
}
