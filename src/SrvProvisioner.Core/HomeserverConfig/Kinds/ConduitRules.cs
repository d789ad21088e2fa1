using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.HomeserverConfig.Toml;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig.Kinds;

/// <summary>
/// Conduit answers <c>/.well-known/matrix/server</c> with <c>[global.well_known] server</c>,
/// and with <c>&lt;server_name&gt;:443</c> when it is unset (conduit-example.toml: "Conduit handles
/// the /.well-known/matrix/* endpoints"). No setting turns that off, so nothing is edited:
/// an error finding says what must change instead.
/// </summary>
internal static class ConduitRules
{
    public static KindPlan Plan(ConfigFileText file, DnsName serverName)
    {
        var index = TomlIndex.Parse(file.Path, file.Text);
        ConduwuitRules.RefuseInlineTables(file, index);
        var entry = index.Find("global", "well_known", "server").SingleOrDefault();
        var answer = entry is null ? $"{serverName.Value}:443 (its default)" : TomlEdits.ToJson(file.Text, entry.Value);
        var finding = new Finding(
            Severity.Error,
            ConfigFindingCodes.ConduitServesWellKnown,
            $"{file.Path}: Conduit answers /.well-known/matrix/server with {answer} and has no setting to stop it; that answer takes precedence over the SRV records. Make the reverse proxy for {serverName.Value} not route /.well-known/matrix/server to Conduit (answer 404 there).");
        return new KindPlan([], [], [finding]);
    }
}
