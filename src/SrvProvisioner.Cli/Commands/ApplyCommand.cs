using System.CommandLine;
using SrvProvisioner.Cli.Composition;
using SrvProvisioner.Cli.Fleet;
using SrvProvisioner.Cli.Rendering;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Json;
using SrvProvisioner.Core.Planning;

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
        var command = new Command("apply", "Apply a saved plan, or plan and apply the given options.");
        command.Arguments.Add(planFile);
        options.AddTo(command);
        command.Options.Add(yes);
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

                return await FleetCommandRunner.RunAsync("apply", fleetFile, fleet.GetParallel(parse), PlanRunner.CreateTargetLookup(options, parse), format, false, console, cancellationToken);
            }

            Plan plan;
            ProviderChoice choice;
            if (parse.GetValue(planFile) is { } path)
            {
                plan = await PlanJson.ReadAsync(path, cancellationToken);
                choice = options.GetProvider(parse, plan.Provider);
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
                    await WriteResultAsync(console, format, plan, applied: false);
                }

                return ExitCodes.Ok;
            }

            await using var provider = choice.Factory.Create(choice.Settings);
            var configPlanner = PlanComponents.CreateConfigPlanner();
            try
            {
                await new ApplyService(provider, configPlanner).ApplyAsync(plan, cancellationToken);
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

            await WriteResultAsync(console, format, plan, applied: true);
            return ExitCodes.Ok;
        });
        return command;
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
            await console.Out.WriteLineAsync(SrvprovJson.Serialize(PlanJson.ToDocument(plan) with { Applied = false, AlreadyApplied = true }, c => c.PlanDocument));
            return;
        }

        await console.Out.WriteLineAsync($"Already applied: the SRV records and settings of this plan are already in place for {plan.ServerName.ToDisplayString()}; nothing was changed.");
    }

    private static async Task WriteResultAsync(CliConsole console, OutputFormat format, Plan plan, bool applied)
    {
        if (format == OutputFormat.Json)
        {
            await console.Out.WriteLineAsync(SrvprovJson.Serialize(PlanJson.ToDocument(plan) with { Applied = applied }, c => c.PlanDocument));
            return;
        }

        if (!applied)
        {
            await console.Out.WriteLineAsync("No changes: delegation is already as planned.");
            return;
        }

        var files = plan.ConfigFiles.Count(f => f.Changes.Count > 0);
        var text = $"Applied: {plan.DnsChanges.Count} DNS record set change(s) in zone {plan.Zone.Name.Value}";
        if (files > 0)
        {
            text += $", {plan.ConfigChangeCount} setting(s) in {files} file(s) (backups beside them)";
        }

        await console.Out.WriteLineAsync(text + ".");
    }
}
