using System.Globalization;
using SrvProvisioner.Cli.Rendering;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Fleet;
using SrvProvisioner.Core.Json;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Cli.Fleet;

/// <summary>
/// <c>verify --file</c>: every domain of a fleet, through one engine (one resolver, shared
/// connection pools), <c>--parallel</c> at a time; each domain is bounded by <c>--timeout</c>.
/// A domain is expected to land on its <c>expect-target</c>, else its first target.
/// </summary>
internal static class FleetVerifyRunner
{
    public static async Task<int> RunAsync(string path, int parallel, VerifySettings settings, OutputFormat format, CliConsole console, CancellationToken cancellationToken)
    {
        var fleet = await FleetCommandRunner.LoadAsync(path, cancellationToken);
        using var engine = new VerifyEngine(settings);
        var show = format == OutputFormat.Text && console.IsProgressTerminal;
        var reports = await FleetProgressDisplay.RunAsync(show, fleet.Domains.Count, progress => VerifyAllAsync(fleet, engine, parallel, progress, cancellationToken));

        if (format == OutputFormat.Json)
        {
            await console.Out.WriteLineAsync(Json(fleet, reports));
        }
        else
        {
            WriteText(fleet, reports, console.Out, new Ansi(console.UseColor));
        }

        // A domain that could not be checked (no network/DNS answer at all) is neither pass
        // nor fail: the run is an error (exit 1), as for one domain's verify.
        return reports.Any(r => r.CouldNotCheck is not null) ? ExitCodes.Error
            : reports.Any(r => r.HasFailures) ? ExitCodes.NeedsAttention
            : ExitCodes.Ok;
    }

    private static string Status(VerifyReport r) => r.CouldNotCheck is not null ? "skip" : r.HasFailures ? "fail" : "pass";

    private static async Task<VerifyReport[]> VerifyAllAsync(FleetFile fleet, VerifyEngine engine, int parallel, IProgress<FleetProgress>? progress, CancellationToken cancellationToken)
    {
        var reports = new VerifyReport[fleet.Domains.Count];
        int done = 0, failed = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, fleet.Domains.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var domain = fleet.Domains[i];
                reports[i] = await VerifyOneAsync(engine, domain, ct);
                var f = reports[i].HasFailures ? Interlocked.Increment(ref failed) : Volatile.Read(ref failed);
                progress?.Report(new FleetProgress(fleet.Domains.Count, Interlocked.Increment(ref done), 0, f));
            });
        return reports;
    }

    private static async Task<VerifyReport> VerifyOneAsync(VerifyEngine engine, FleetDomain domain, CancellationToken cancellationToken)
    {
        var serverName = domain.Delegation.ServerName;
        try
        {
            var first = domain.Delegation.Records[0];
            var expected = HostAndPort.Parse(domain.ExpectTarget ?? string.Create(CultureInfo.InvariantCulture, $"{first.Target.Value}:{first.Port}"), $"{domain.Location} expect-target");
            return await engine.VerifyAsync(MatrixServerName.Parse(serverName.Value), expected, cancellationToken);
        }
        catch (SrvProvisionerException ex)
        {
            return new VerifyReport(serverName.Value, [new VerifyCheck("input", CheckStatus.Fail, ex.Message)], [new Finding(Severity.Error, "fleet-domain-invalid", ex.Message)]);
        }
    }

    private static void WriteText(FleetFile fleet, IReadOnlyList<VerifyReport> reports, TextWriter writer, Ansi ansi)
    {
        var width = Math.Max(11, reports.Max(r => r.ServerName.Length));
        writer.WriteLine($"{"server name".PadRight(width)}  {"result",-6}  failing checks");
        foreach (var r in reports)
        {
            var failing = r.Checks.Where(c => c.Status == CheckStatus.Fail).ToList();
            var result = Status(r) switch
            {
                "skip" => ansi.Yellow("skip  "),
                "fail" => ansi.Red("fail  "),
                _ => ansi.Green("pass  "),
            };
            var detail = failing.Count == 0 ? string.Empty : $"{string.Join(", ", failing.Select(c => c.Name).Distinct())}: {failing[0].Detail}";
            writer.WriteLine($"{r.ServerName.PadRight(width)}  {result}  {detail}");
        }

        writer.WriteLine();
        var failed = reports.Count(r => r.HasFailures);
        var skipped = reports.Count(r => r.CouldNotCheck is not null);
        if (reports.FirstOrDefault(r => r.CouldNotCheck is not null) is { } offline)
        {
            // Said once for the run, not once per domain.
            writer.WriteLine(ansi.Yellow(offline.Findings[0].Message));
        }

        writer.WriteLine($"Fleet {fleet.Path}: {reports.Count} domains verified: {reports.Count - failed - skipped} pass, {failed} fail{(skipped > 0 ? $", {skipped} could not be checked" : string.Empty)}.");
    }

    private static string Json(FleetFile fleet, IReadOnlyList<VerifyReport> reports) =>
        SrvprovJson.Serialize(
            new FleetVerifyDocument
            {
                File = fleet.Path,
                Command = "verify",
                Domains = [.. reports.Select(r => VerifyJson.ToDocument(r) with { Status = Status(r) })],
                Summary = new FleetVerifySummaryDocument(reports.Count, reports.Count(r => Status(r) == "pass"), reports.Count(r => Status(r) == "fail"), reports.Count(r => Status(r) == "skip")),
            },
            c => c.FleetVerifyDocument);
}
