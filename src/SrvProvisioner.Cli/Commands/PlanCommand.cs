using System.CommandLine;
using SrvProvisioner.Cli.Fleet;
using SrvProvisioner.Cli.Rendering;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Cli.Commands;

/// <summary><c>srvprov plan</c>: show what apply would change, change nothing.</summary>
internal static class PlanCommand
{
    public static Command Create(CliConsole console)
    {
        var options = new PlanOptions();
        var fleet = new FleetOptions();
        var outFile = new Option<string>("--out") { Description = "Save the plan for 'srvprov apply PLANFILE'.", HelpName = "PLANFILE" };
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 2 when the plan has changes or an error finding (needs attention), 0 otherwise." };
        var command = new Command("plan", "Show the SRV records and config settings that apply would change.");
        options.AddTo(command);
        command.Options.Add(outFile);
        command.Options.Add(detailed);
        fleet.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var format = options.GetFormat(parse);
            if (parse.GetValue(fleet.File) is { } fleetFile)
            {
                FleetOptions.RefuseSingleDomainOptions(parse, options.SingleDomainOptions);
                return await FleetCommandRunner.RunAsync("plan", fleetFile, fleet.GetParallel(parse), PlanRunner.CreateTargetLookup(options, parse), format, parse.GetValue(detailed), console, cancellationToken);
            }

            if (parse.GetValue(outFile) is { } outPath)
            {
                // Checked before any planning: the answer would be lost at the end otherwise.
                OutputPaths.ThrowIfNotWritableFile(outPath, "--out");
            }

            var choice = options.GetProvider(parse);
            await using var provider = choice.Factory.Create(choice.Settings);
            var plan = await PlanRunner.PlanAsync(options, parse, choice, provider, cancellationToken);

            if (parse.GetValue(outFile) is { } path)
            {
                await PlanJson.WriteAsync(plan, path, options.InputPaths(parse), cancellationToken);
            }

            if (format == OutputFormat.Json)
            {
                await console.Out.WriteLineAsync(PlanJson.Serialize(plan));
            }
            else
            {
                PlanTextRenderer.Write(plan, console.Out, new Ansi(console.UseColor));
                if (parse.GetValue(outFile) is { } saved)
                {
                    await console.Out.WriteLineAsync($"Saved to {saved}; apply it with: srvprov apply {saved}");
                }
            }

            return parse.GetValue(detailed) && plan.NeedsAttention ? ExitCodes.NeedsAttention : ExitCodes.Ok;
        });
        return command;
    }
}
