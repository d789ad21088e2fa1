using System.CommandLine;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Cli.Commands;

/// <summary>
/// Options given beside <c>apply PLANFILE</c> must not disagree with the plan (design: "options
/// given beside it that disagree with it are refused"): a silently ignored <c>--server-name</c>
/// or <c>--zone-file</c> would apply something the user did not ask for. Agreeing options and
/// check options (<c>--timeout</c>, <c>--cert-file</c>, ...) are accepted.
/// </summary>
internal static class PlanFileOptions
{
    public static void RefuseDisagreeing(PlanOptions options, ParseResult parse, Plan saved, string planFile)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(saved);
        bool Given(Option o) => parse.GetResult(o) is { Implicit: false };
        void Refuse(string option, string given, string planned) =>
            throw new InvalidInputException($"{option} {given} disagrees with {planFile}, which has {planned}; nothing was applied. Drop {option}, or run plan again with it.");

        if (Given(options.ServerName) && DnsName.ParseServerName(parse.GetValue(options.ServerName)!) != saved.ServerName)
        {
            Refuse("--server-name", parse.GetValue(options.ServerName)!, saved.ServerName.Value);
        }

        var planned = saved.Request.Records.Select(r => r.ToString()).Order(StringComparer.Ordinal).ToList();
        if (Given(options.Targets) || Given(options.Priority) || Given(options.Weight))
        {
            var priority = SrvRecord.ParseField(parse.GetValue(options.Priority)!, "priority", "--priority");
            var weight = SrvRecord.ParseField(parse.GetValue(options.Weight)!, "weight", "--weight");
            var targets = Given(options.Targets)
                ? (parse.GetValue(options.Targets) ?? []).Select(t => SrvTargetSpec.Parse(t, priority, weight)).ToList()
                : [.. saved.Request.Records.Select(r => r with { Priority = Given(options.Priority) ? priority : r.Priority, Weight = Given(options.Weight) ? weight : r.Weight })];
            var given = targets.Select(r => r.ToString()).Order(StringComparer.Ordinal).ToList();
            if (!given.SequenceEqual(planned, StringComparer.Ordinal))
            {
                Refuse("--target/--priority/--weight", $"({string.Join(", ", given)})", $"({string.Join(", ", planned)})");
            }
        }

        if (Given(options.Ttl) && parse.GetValue(options.Ttl) != saved.Request.Ttl.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            Refuse("--ttl", parse.GetValue(options.Ttl)!, saved.Request.Ttl.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Given(options.Services) && !string.Equals(parse.GetValue(options.Services), saved.Request.Services.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            Refuse("--services", parse.GetValue(options.Services)!, saved.Request.Services.ToString().ToLowerInvariant());
        }

        if (Given(options.Provider) && !string.Equals(parse.GetValue(options.Provider), saved.Provider.Name, StringComparison.Ordinal))
        {
            Refuse("--provider", parse.GetValue(options.Provider)!, saved.Provider.Name);
        }

        if (Given(options.Config))
        {
            var given = (parse.GetValue(options.Config) ?? []).Select(Path.GetFullPath).Order(StringComparer.Ordinal).ToList();
            var files = saved.ConfigFiles.Select(f => f.Path).Order(StringComparer.Ordinal).ToList();
            if (!given.SequenceEqual(files, StringComparer.Ordinal))
            {
                Refuse("--config", string.Join(" ", given), files.Count == 0 ? "no config files" : string.Join(" ", files));
            }
        }

        if (Given(options.ConfigKind) && saved.ConfigFiles.FirstOrDefault(f => !string.Equals(f.Kind, parse.GetValue(options.ConfigKind), StringComparison.OrdinalIgnoreCase)) is { } other)
        {
            Refuse("--config-kind", parse.GetValue(options.ConfigKind)!, $"{other.Kind} for {other.Path}");
        }

        foreach (var (factory, spec, option) in options.ProviderOptions.Where(p => Given(p.Option)).DistinctBy(p => p.Spec.Name))
        {
            var value = option is Option<bool> flag ? (parse.GetValue(flag) ? "true" : string.Empty) : parse.GetValue((Option<string>)option) ?? string.Empty;
            if (!string.Equals(factory.Name, saved.Provider.Name, StringComparison.Ordinal) && !options.ProviderOptions.Any(p => p.Factory.Name == saved.Provider.Name && p.Spec.Name == spec.Name))
            {
                Refuse(spec.Name, value, $"provider {saved.Provider.Name}");
            }

            if (saved.Provider.Settings.TryGetValue(spec.Name, out var recorded) && !SameSetting(spec, value, recorded))
            {
                Refuse(spec.Name, value, recorded);
            }
        }
    }

    private static bool SameSetting(Core.Providers.ProviderOption spec, string given, string recorded) =>
        spec.ValueName is "PATH" or "FILE"
            ? string.Equals(Path.GetFullPath(given), recorded, StringComparison.Ordinal)
            : string.Equals(given, recorded, StringComparison.Ordinal);
}
