using SrvProvisioner.Cli.Composition;
using SrvProvisioner.Cli.Rendering;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Fleet;
using SrvProvisioner.Core.Migration;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Core.IO;

namespace SrvProvisioner.Cli.Fleet;

/// <summary>Runs <c>plan --file</c> and <c>apply --file</c>.</summary>
internal static class FleetCommandRunner
{
    public static async Task<FleetFile> LoadAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            text = InputFile.ReadAllText(path, InputKind.FleetFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"Cannot read fleet file {path}: {ex.Message}", ex);
        }

        return FleetFileParser.Parse(text, path, ProviderCatalog.All);
    }

    /// <summary>
    /// <paramref name="migration"/>: apply's gates (proof, propagation wait) with the options
    /// given on the command line, the same as one apply's; plan passes null (it writes nothing).
    /// </summary>
    public static async Task<int> RunAsync(string verb, string path, int parallel, ITargetLookup targetLookup, MigrationSettings? migration, OutputFormat format, bool detailedExitCode, CliConsole console, CancellationToken cancellationToken)
    {
        var fleet = await LoadAsync(path, cancellationToken);
        var show = format == OutputFormat.Text && console.IsProgressTerminal;
        var settings = migration ?? new MigrationSettings(new VerifySettings(TimeSpan.FromSeconds(20)));
        var results = await FleetProgressDisplay.RunAsync(show, fleet.Domains.Count, progress =>
            RunAndDisposeAsync(
                new FleetRunner(fleet, CreateProvider, targetLookup, PlanComponents.CreateConfigPlanner(), settings, parallel, progress)
                {
                    PropagationOptional = type => ProviderCatalog.IsLocalFile(ProviderCatalog.Find(type)),
                },
                verb,
                cancellationToken));

        if (format == OutputFormat.Json)
        {
            await console.Out.WriteLineAsync(FleetRenderer.Json(verb, fleet, results));
        }
        else
        {
            FleetRenderer.WriteText(verb, fleet, results, console.Out, new Ansi(console.UseColor));
        }

        if (results.Any(r => r.Outcome == FleetOutcome.Cancelled))
        {
            // Ctrl-C or SIGTERM: the results above say per domain what was written; this line
            // counts them and says how to finish. A partial apply is an error, as for one apply.
            await console.Error.WriteLineAsync(FleetRenderer.CancelledLine(results));
            return ExitCodes.Error;
        }

        // A domain refused by a gate needs attention, as one refused apply does (exit 2).
        var failed = results.Any(r => r.Outcome is FleetOutcome.Failed or FleetOutcome.Refused);
        // The same rule as one domain's plan: changes pending or an error finding need attention.
        var pending = detailedExitCode && results.Any(r => r.NeedsAttention);
        return failed || pending ? ExitCodes.NeedsAttention : ExitCodes.Ok;
    }

    private static async Task<IReadOnlyList<FleetDomainResult>> RunAndDisposeAsync(FleetRunner runner, string verb, CancellationToken cancellationToken)
    {
        await using (runner)
        {
            return verb == "apply" ? await runner.ApplyAsync(cancellationToken) : await runner.PlanAsync(cancellationToken);
        }
    }

    private static (IDnsProvider Provider, ProviderCapabilities Capabilities, ProviderReference Reference) CreateProvider(FleetProviderBlock block)
    {
        var factory = ProviderCatalog.Find(block.Type);
        var values = block.Options.ToDictionary(kv => kv.Key, kv => kv.Value.Resolve(ProviderCatalog.ProcessEnvironment), StringComparer.Ordinal);
        try
        {
            var settings = ProviderSettingsBuilder.Build(factory, values);
            return (factory.Create(settings), factory.Capabilities, ProviderSettingsBuilder.ToReference(factory, values));
        }
        catch (SrvProvisionerException ex)
        {
            // A value read from {file:} or {env:} is a secret by intent (docs/fleet.md): a
            // message that quotes it (a malformed subscription id, a bad URL) says where it
            // came from instead. The inner exception is dropped: --verbose would print it.
            var scrubbed = ex.Message;
            foreach (var (name, value) in block.Options.Where(kv => kv.Value.Literal is null))
            {
                var secret = values[name];
                var label = value.FilePath is { } file ? $"\u2039the content of {file}\u203a" : $"\u2039the value of ${value.EnvironmentVariable}\u203a";
                foreach (var part in new[] { secret }.Concat(secret.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Where(p => p.Length >= 4).OrderByDescending(p => p.Length))
                {
                    scrubbed = scrubbed.Replace(part, label, StringComparison.Ordinal);
                }
            }

            if (ReferenceEquals(scrubbed, ex.Message) || scrubbed == ex.Message)
            {
                throw;
            }

            throw new InvalidInputException(scrubbed);
        }
    }
}
