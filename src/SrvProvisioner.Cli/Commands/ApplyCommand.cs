using System.CommandLine;
using SrvProvisioner.Cli.Composition;
using SrvProvisioner.Cli.Fleet;
using SrvProvisioner.Cli.Rendering;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Json;
using SrvProvisioner.Core.Migration;
using SrvProvisioner.Core.Migration.Receipts;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Cli.Commands;

/// <summary>
/// <c>srvprov apply</c>: apply a saved plan (refused when what it saw has changed), or plan
/// and apply in one go, asking first on a terminal and needing <c>--yes</c> elsewhere.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(CliConsole console)
    {
        var options = new PlanOptions();
        var fleet = new FleetOptions();
        var planFile = new Argument<string?>("PLANFILE") { Description = "A plan saved with 'srvprov plan --out'.", Arity = ArgumentArity.ZeroOrOne };
        var yes = new Option<bool>("--yes", "-y") { Description = "Apply without asking (needed when not on a terminal)." };
        var reload = new Option<bool>("--reload") { Description = "After editing a reverse proxy config and its checker passing (nginx -t, caddy validate), reload the server (nginx -s reload, caddy reload); without it the reload command is printed." };
        var skipProof = new Option<bool>("--skip-proof") { Description = "Make the SRV path live even though it was not proven to work (said loudly in the output)." };
        var receiptOption = new Option<string>("--receipt") { Description = "Where to write the receipt for 'srvprov undo' (default: beside the plan file, else $XDG_STATE_HOME/srvprov/receipts/<server>-<time>.json).", HelpName = "FILE" };
        var propagationTimeout = new Option<string>("--propagation-timeout") { Description = "How long to wait for every authoritative name server to serve the SRV records before config changes: seconds or with a unit (10m).", DefaultValueFactory = _ => "10m", HelpName = "DURATION" };
        var command = new Command("apply", "Apply a saved plan, or plan and apply the given options.");
        command.Arguments.Add(planFile);
        options.AddTo(command);
        command.Options.Add(yes);
        command.Options.Add(reload);
        command.Options.Add(skipProof);
        command.Options.Add(propagationTimeout);
        command.Options.Add(receiptOption);
        fleet.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var format = options.GetFormat(parse);
            var ansi = new Ansi(console.UseColor);
            if (parse.GetValue(fleet.File) is { } fleetFile)
            {
                FleetOptions.RefuseSingleDomainOptions(parse, options.SingleDomainOptions);
                if (!parse.GetValue(yes))
                {
                    throw new InvalidInputException("apply --file changes every domain of the fleet: review with 'srvprov plan --file' and give --yes.");
                }

                // Every domain is gated as one apply is: the same proof and propagation options.
                var fleetSettings = new MigrationSettings(options.GetNetworkSettings(parse))
                {
                    SkipProof = parse.GetValue(skipProof),
                    PropagationTimeout = DurationParser.Parse(parse.GetValue(propagationTimeout)!, "--propagation-timeout"),
                };
                return await FleetCommandRunner.RunAsync("apply", fleetFile, fleet.GetParallel(parse), PlanRunner.CreateTargetLookup(options, parse), fleetSettings, format, false, console, cancellationToken);
            }

            Plan plan;
            ProviderChoice choice;
            if (parse.GetValue(planFile) is { } path)
            {
                var saved = await PlanJson.ReadAsync(path, cancellationToken);
                PlanFileOptions.RefuseDisagreeing(options, parse, saved, path);
                choice = options.GetProvider(parse, saved.Provider);
                await using var planningProvider = choice.Factory.Create(choice.Settings);
                try
                {
                    plan = await PlanRunner.RecomputeAsync(saved, path, options, parse, choice, planningProvider, cancellationToken);
                }
                catch (StalePlanException)
                {
                    // The recomputed plan differs: either the state moved on (stale, or already
                    // applied) or the file was edited. Only "already as the file wants" is exit 0,
                    // and it writes nothing.
                    if (!await AlreadyApplied.CheckAsync(saved, planningProvider, PlanComponents.CreateConfigPlanner(), cancellationToken))
                    {
                        throw;
                    }

                    await WriteAlreadyAppliedAsync(console, format, saved);
                    return ExitCodes.Ok;
                }
            }
            else
            {
                choice = options.GetProvider(parse);
                await using var planningProvider = choice.Factory.Create(choice.Settings);
                plan = await PlanRunner.PlanAsync(options, parse, choice, planningProvider, cancellationToken);
                if (format == OutputFormat.Text)
                {
                    PlanTextRenderer.Write(plan, console.Out, ansi);
                }

                if (plan.HasChanges && !parse.GetValue(yes) && !await ConfirmAsync(console, cancellationToken))
                {
                    return ExitCodes.Error;
                }
            }

            var fromFile = parse.GetValue(planFile) is not null;
            if (!plan.HasChanges)
            {
                // The plan shown above already ends with "No changes"; say it once.
                if (fromFile || format == OutputFormat.Json)
                {
                    await WriteResultAsync(console, format, plan, MigrationJson.NothingToDo(), ansi, applied: false, null);
                }

                return ExitCodes.Ok;
            }

            var checks = options.GetNetworkSettings(parse);
            if (parse.GetValue(receiptOption) is { Length: 0 })
            {
                throw new InvalidInputException("--receipt is empty: give a file name, e.g. receipt.json.");
            }

            var settings = new MigrationSettings(checks)
            {
                SkipProof = parse.GetValue(skipProof),
                PropagationTimeout = DurationParser.Parse(parse.GetValue(propagationTimeout)!, "--propagation-timeout"),
                CertificateFile = parse.GetValue(options.CertFile),
            };
            // The receipt's path is checked before the first write: an input of this run (the
            // zone file, a config file, the plan file), a link, FIFO, device or directory there
            // refuses the apply, instead of changes made with no receipt to undo them.
            string? receiptPath = parse.GetValue(receiptOption) ?? DefaultReceiptPath(parse.GetValue(planFile), plan);
            string[] inputs = [.. new[] { parse.GetValue(planFile), settings.CertificateFile, checks.CaFile }.OfType<string>(), .. plan.ConfigFiles.Select(f => f.Path), .. plan.Provider.Settings.Values, .. options.InputPaths(parse)];
            ReceiptJson.CheckPath(receiptPath, inputs);

            await using var provider = choice.Factory.Create(choice.Settings);
            var notes = format == OutputFormat.Json ? console.Error : console.Out;
            var proxyOptions = new Core.HomeserverConfig.Proxies.ProxyApplyOptions { Reload = parse.GetValue(reload), Report = notes.WriteLine };
            var configPlanner = PlanComponents.CreateConfigPlanner(proxyOptions);
            var staged = new StagedApplyService(provider, configPlanner, settings) { PropagationOptional = ProviderCatalog.IsLocalFile(choice.Factory) };
            MigrationOutcome outcome;
            try
            {
                outcome = await staged.ApplyAsync(plan, cancellationToken);
            }
            catch (StalePlanException) when (fromFile)
            {
                if (!await AlreadyApplied.CheckAsync(plan, provider, configPlanner, cancellationToken))
                {
                    throw;
                }

                await WriteAlreadyAppliedAsync(console, format, plan);
                return ExitCodes.Ok;
            }

            if (!outcome.DnsWritten && !outcome.ConfigWritten)
            {
                receiptPath = null;
            }
            else
            {
                try
                {
                    // Not cancellable: once something is written, a signal must not cost the receipt
                    // that undoes it (a small local write under a bounded lock).
                    await ReceiptJson.WriteAsync(ReceiptJson.Collect(plan, outcome), receiptPath, inputs, CancellationToken.None);
                }
                catch (SrvProvisionerException ex)
                {
                    // The writes already happened: report them truthfully first, then why there is no
                    // receipt, instead of an error that reads as if nothing was applied.
                    await WriteResultAsync(console, format, plan, outcome, ansi, applied: true, receiptPath: null);
                    await console.Error.WriteLineAsync($"error: the changes above were applied, but no receipt was written ({ex.Message}); srvprov undo is not available for this apply, the backups named above restore the files.");
                    if (outcome.Cancelled)
                    {
                        await console.Error.WriteLineAsync(CancelledAfterDnsLine(plan, fromFile, receiptPath: null));
                    }

                    return ExitCodes.Error;
                }
            }

            await WriteResultAsync(console, format, plan, outcome, ansi, applied: outcome.DnsWritten || outcome.ConfigWritten, receiptPath);
            if (outcome.Cancelled)
            {
                // A partial apply is an error (exit 1), as when a later stage fails: what was
                // written is in the stages above, this line says how to finish or undo it.
                await console.Error.WriteLineAsync(CancelledAfterDnsLine(plan, fromFile, receiptPath));
                return ExitCodes.Error;
            }

            return outcome.NeedsAttention ? ExitCodes.NeedsAttention : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The error line after a cancel that came once the DNS sets were written: what was written, what did not run, how to finish or undo.</summary>
    private static string CancelledAfterDnsLine(Plan plan, bool fromFile, string? receiptPath)
    {
        var sets = string.Join(", ", plan.DnsChanges.Select(c => c.Key.ToString()));
        var files = string.Join(", ", plan.ConfigFiles.Where(f => f.Changes.Count > 0).Select(f => f.Path));
        var config = files.Length == 0 ? string.Empty : $"; the config stage did not run ({files} unchanged)";
        var finish = fromFile
            ? "To finish, make a new plan with the same options and apply it (it holds only what is left)"
            : "To finish, run the same apply again (it finds the DNS part done)";
        var undo = receiptPath is null ? "the receipt could not be written, see above" : $"to undo, run: srvprov undo {receiptPath}";
        return $"error: cancelled (Ctrl-C or SIGTERM) after the DNS write: {sets} written to zone {plan.Zone.Name.Fqdn}{config}. {finish}; {undo}.";
    }

    private static async Task<bool> ConfirmAsync(CliConsole console, CancellationToken cancellationToken)
    {
        if (!console.IsInteractive)
        {
            throw new InvalidInputException("apply changes things: give --yes to confirm when not on a terminal, or review with 'srvprov plan --out PLANFILE' and run 'srvprov apply PLANFILE'.");
        }

        await console.Out.WriteAsync("Apply these changes? Only 'yes' goes on: ");
        var answer = await console.In.ReadLineAsync(cancellationToken);
        if (!string.Equals(answer?.Trim(), "yes", StringComparison.OrdinalIgnoreCase))
        {
            await console.Error.WriteLineAsync("Nothing applied.");
            return false;
        }

        return true;
    }

    private static async Task WriteAlreadyAppliedAsync(CliConsole console, OutputFormat format, Plan plan)
    {
        if (format == OutputFormat.Json)
        {
            var document = MigrationJson.AddTo(PlanJson.ToDocument(plan) with { Applied = false, AlreadyApplied = true }, MigrationJson.NothingToDo());
            await console.Out.WriteLineAsync(SrvprovJson.Serialize(document, c => c.PlanDocument));
            return;
        }

        await console.Out.WriteLineAsync($"Already applied: the SRV records and settings of this plan are already in place for {plan.ServerName.ToDisplayString()}; nothing was changed.");
    }

    /// <summary>
    /// Beside the plan file; without one, under <c>$XDG_STATE_HOME/srvprov/receipts</c>
    /// (default <c>~/.local/state</c>, XDG Base Directory spec), private, named by server and time.
    /// </summary>
    private static string DefaultReceiptPath(string? planFile, Plan plan)
    {
        if (planFile is not null)
        {
            return planFile + ".receipt.json";
        }

        var state = ProviderCatalog.ProcessEnvironment.GetNonEmpty("XDG_STATE_HOME") is { } given && Path.IsPathFullyQualified(given)
            ? given
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        var directory = Path.Combine(state, "srvprov", "receipts");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var time = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return Path.Combine(directory, $"{plan.ServerName.Value}-{time}.json");
    }

    private static async Task WriteResultAsync(CliConsole console, OutputFormat format, Plan plan, MigrationOutcome outcome, Ansi ansi, bool applied, string? receiptPath)
    {
        if (format == OutputFormat.Json)
        {
            var document = new ApplyDocument(MigrationJson.AddTo(PlanJson.ToDocument(plan) with { Applied = applied }, outcome)) { Receipt = receiptPath };
            await console.Out.WriteLineAsync(SrvprovJson.Serialize(document, c => c.ApplyDocument));
            return;
        }

        if (!plan.HasChanges)
        {
            await console.Out.WriteLineAsync("No changes: delegation is already as planned.");
            return;
        }

        MigrationTextRenderer.Write(outcome, console.Out, ansi);
        if (receiptPath is not null)
        {
            await console.Out.WriteLineAsync($"Receipt: {receiptPath} (undo with: srvprov undo {receiptPath})");
        }
    }
}
