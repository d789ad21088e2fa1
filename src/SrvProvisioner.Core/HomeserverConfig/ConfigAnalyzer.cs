using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.HomeserverConfig.Editing;
using SrvProvisioner.Core.HomeserverConfig.Kinds;

namespace SrvProvisioner.Core.HomeserverConfig;

/// <summary>
/// The pure part of config planning: bytes in, changes and new bytes out. Plan and apply both
/// run it, so apply writes exactly what the plan showed or refuses.
/// </summary>
internal static class ConfigAnalyzer
{
    public static ConfigFileAnalysis Analyze(string path, byte[] bytes, ConfigKind? forcedKind, DnsName serverName)
    {
        var file = ConfigFileText.Decode(path, bytes);
        var kind = forcedKind ?? ConfigKindDetector.Detect(file);
        var plan = kind switch
        {
            ConfigKind.Playbook => PlaybookRules.Plan(file, serverName),
            ConfigKind.Synapse => SynapseRules.Plan(file),
            ConfigKind.Dendrite => DendriteRules.Plan(file),
            ConfigKind.Conduit => ConduitRules.Plan(file, serverName),
            ConfigKind.Conduwuit or ConfigKind.Tuwunel or ConfigKind.Continuwuity => ConduwuitRules.Plan(file),
            _ => KindPlan.Empty,
        };

        var findings = plan.Findings.Concat(EnvOverrideScanner.Scan(file)).ToList();
        var sha = ConfigFileText.Sha256(bytes);
        if (plan.Edits.Count == 0)
        {
            return new ConfigFileAnalysis(kind, sha, plan.Changes, bytes, null, findings);
        }

        var after = TextEdits.Apply(file.Text, plan.Edits);
        return new ConfigFileAnalysis(kind, sha, plan.Changes, file.Encode(after), UnifiedDiff.Create(path, file.Text, after), findings);
    }
}
