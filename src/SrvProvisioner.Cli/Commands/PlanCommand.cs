using System.CommandLine;
using SrvProvisioner.Cli.Fleet;
using SrvProvisioner.Cli.Rendering;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Migration;
using SrvProvisioner.Core.Json;
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
        var prove = new Option<bool>("--prove") { Description = "Prove the planned SRV path as apply does before it goes live (network: TCP, TLS, certificate, key and version endpoints of every target address)." };
        var command = new Command("plan", "Show the SRV records and config settings that apply would change.");
        options.AddTo(command);
        command.Options.Add(outFile);
        command.Options.Add(detailed);
        command.Options.Add(prove);
        fleet.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var format = options.GetFormat(parse);
            if (parse.GetValue(fleet.File) is { } fleetFile)
            {
                FleetOptions.RefuseSingleDomainOptions(parse, options.SingleDomainOptions);
                return await FleetCommandRunner.RunAsync("plan", fleetFile, fleet.GetParallel(parse), PlanRunner.CreateTargetLookup(options, parse), null, format, parse.GetValue(detailed), console, cancellationToken);
            }

            if (parse.GetValue(outFile) is { } outPath)
            {
                // Checked before any planning: the answer would be lost at the end otherwise.
                OutputPaths.ThrowIfNotWritableFile(outPath, "--out");
            }

            var choice = options.GetProvider(parse);
            await using var provider = choice.Factory.Create(choice.Settings);
            var plan = await PlanRunner.PlanAsync(options, parse, choice, provider, cancellationToken);
            VerifyReport? proof = null;
            if (parse.GetValue(prove))
            {
                (plan, proof) = await ProveAsync(options, parse, plan, cancellationToken);
            }

            if (parse.GetValue(outFile) is { } path)
            {
                await PlanJson.WriteAsync(plan, path, options.InputPaths(parse), cancellationToken);
            }

            if (format == OutputFormat.Json)
            {
                var document = PlanJson.ToDocument(plan) with { Checks = proof is null ? null : ChecksJson.From(proof.Checks) };
                await console.Out.WriteLineAsync(SrvprovJson.Serialize(document, c => c.PlanDocument));
            }
            else
            {
                var ansi = new Ansi(console.UseColor);
                if (proof is not null)
                {
                    await console.Out.WriteLineAsync(ansi.Bold($"Proof of the planned SRV path for {proof.ServerName}"));
                    MigrationTextRenderer.WriteChecks(proof.Checks, console.Out, ansi);
                    await console.Out.WriteLineAsync();
                }

                PlanTextRenderer.Write(plan, console.Out, ansi);
                if (parse.GetValue(outFile) is { } saved)
                {
                    await console.Out.WriteLineAsync($"Saved to {saved}; apply it with: srvprov apply {saved}");
                }
            }

            // --check-live with no network/DNS answer at all checked nothing: exit 1, as for verify.
            if (plan.Findings.Any(f => f.Code == DiscoveryFindingCodes.CouldNotCheck))
            {
                return ExitCodes.Error;
            }

            return parse.GetValue(detailed) && plan.NeedsAttention ? ExitCodes.NeedsAttention : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The proof apply runs before the SRV path goes live; its failures become error findings of the plan.</summary>
    private static async Task<(Plan Plan, VerifyReport Proof)> ProveAsync(PlanOptions options, ParseResult parse, Plan plan, CancellationToken cancellationToken)
    {
        var checks = options.GetNetworkSettings(parse);
        using var engine = new VerifyEngine(checks);
        var proof = await SrvPathProof.RunAsync(engine, plan.ServerName, plan.Request.Records, null, cancellationToken);
        var known = plan.Findings.Select(f => (f.Code, f.Message)).ToHashSet();
        return (plan with { Findings = [.. plan.Findings, .. proof.Findings.Where(f => !known.Contains((f.Code, f.Message)))] }, proof);
    }
}
