using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.HomeserverConfig.Toml;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig.Kinds;

/// <summary>
/// Conduit answers <c>/.well-known/matrix/server</c> with <c>[global.well_known] server</c>,
/// and with <c>&lt;server_name&gt;:443</c> when it is unset (conduit-example.toml: "Conduit handles
/// the /.well-known/matrix/* endpoints"). No setting turns that off, so nothing is edited:
/// an error finding says what must change instead. While federation is off Conduit serves no
/// well-known (its router sends the federation routes, well-known included, to the
/// federation-disabled handler), and <c>allow_federation</c> defaults to false in Conduit's
/// own config (src/config/mod.rs: <c>#[serde(default = "false_fn")] allow_federation</c>).
/// </summary>
internal static class ConduitRules
{
    public static KindPlan Plan(ConfigFileText file, DnsName serverName)
    {
        var index = TomlIndex.Parse(file.Path, file.Text);
        ConduwuitRules.RefuseInlineTables(file, index);
        var federation = index.Find("global", "allow_federation").SingleOrDefault();
        var federationOn = federation is not null && TomlEdits.ToJson(file.Text, federation.Value) == "true";
        if (!federationOn)
        {
            var why = federation is null ? "allow_federation is not set (Conduit's default is false)" : "allow_federation is " + TomlEdits.ToJson(file.Text, federation.Value);
            return new KindPlan([], [], [new Finding(
                Severity.Info,
                ConfigFindingCodes.ConduitFederationOff,
                $"{file.Path}: {why}, so Conduit serves no /.well-known/matrix/server and nothing conflicts with the SRV records. Once you set allow_federation = true, Conduit answers it (it has no switch): then make the reverse proxy for {serverName.Value} not route /.well-known/matrix/server to Conduit. An environment override (CONDUIT_ALLOW_FEDERATION) would also turn federation on.")
            {
                Subject = file.Path,
            }]);
        }

        var entry = index.Find("global", "well_known", "server").SingleOrDefault();
        var answer = entry is null ? $"{serverName.Value}:443 (its default)" : TomlEdits.ToJson(file.Text, entry.Value);
        var finding = new Finding(
            Severity.Error,
            ConfigFindingCodes.ConduitServesWellKnown,
            $"{file.Path}: Conduit answers /.well-known/matrix/server with {answer} and has no setting to stop it; that answer takes precedence over the SRV records. Make the reverse proxy for {serverName.Value} not route /.well-known/matrix/server to Conduit (answer 404 there).");
        return new KindPlan([], [], [finding]);
    }
}
