using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
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
        var sha = ConfigFileText.Sha256(bytes);
        if (TemplateFileRules.HasTemplateName(path))
        {
            return Template(file, forcedKind ?? TemplateFileRules.KindFromName(path), serverName, sha, bytes);
        }

        ConfigKind kind;
        KindPlan plan;
        try
        {
            kind = forcedKind ?? ConfigKindDetector.Detect(file);
            plan = kind switch
            {
                ConfigKind.Playbook => PlaybookRules.Plan(file, serverName),
                ConfigKind.Synapse => SynapseRules.Plan(file),
                ConfigKind.Dendrite => DendriteRules.Plan(file),
                ConfigKind.Conduit => ConduitRules.Plan(file, serverName),
                ConfigKind.Conduwuit or ConfigKind.Tuwunel or ConfigKind.Continuwuity => ConduwuitRules.Plan(file),
                ConfigKind.Traefik or ConfigKind.Compose => Traefik.TraefikRules.Plan(file, serverName),
                _ => KindPlan.Empty,
            };
        }
        catch (ConfigFileException) when (TemplateFileRules.HasTemplateSyntax(file.Text))
        {
            // Not valid in its format because it is a template: say so, not "fix it".
            return Template(file, forcedKind ?? TemplateFileRules.KindFromName(path), serverName, sha, bytes);
        }

        var findings = plan.Findings.Concat(EnvOverrideScanner.Scan(file)).ToList();
        if (plan.Edits.Count == 0)
        {
            return new ConfigFileAnalysis(kind, sha, plan.Changes, bytes, null, findings);
        }

        var after = TextEdits.Apply(file.Text, plan.Edits);
        return new ConfigFileAnalysis(kind, sha, plan.Changes, file.Encode(after), UnifiedDiff.Create(path, file.Text, after), findings);
    }

    private static ConfigFileAnalysis Template(ConfigFileText file, ConfigKind? kind, DnsName serverName, string sha, byte[] bytes)
    {
        var finding = TemplateFileRules.For(file, kind, serverName);
        return new ConfigFileAnalysis(kind!.Value, sha, [], bytes, null, [finding]);
    }
}
