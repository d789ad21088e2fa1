using System.Diagnostics;
using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Bind;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Migration;

namespace SrvProvisioner.Cli.Tests.Migration;

/// <summary>
/// Issue 17, Deliver 6: Ctrl-C (SIGINT) or SIGTERM after apply's DNS write reports the truth.
/// The lab's ns2 lags (no NOTIFY, refresh one hour) and is never released here, so apply waits
/// in the propagation stage; the signal is sent once the primary serves the SRV records (polled,
/// not slept on). The DNS sets stay written, the config file is untouched, the output and the
/// receipt say so, and <c>srvprov undo</c> takes the DNS back.
/// </summary>
[Trait("Category", "Binary")]
[Collection(MigrationLabCollection.Name)]
public sealed class CancelAfterDnsTests(MigrationLabFixture fixture)
{
    private MigrationLab Lab => fixture.Lab;

    [Theory]
    [InlineData("INT", "m-cancelint.test")]
    [InlineData("TERM", "m-cancelterm.test")]
    public async Task Apply_CancelledDuringThePropagationWait_ReportsTheDnsWritten_AndUndoTakesItBack(string signal, string server)
    {
        using var run = new MigrationRun(Lab, server);
        var receipt = Path.Combine(run.Directory, "receipt.json");

        var result = await ApplyAndSignalAsync(run, signal, "--receipt", receipt);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldNotContain("unexpected", Case.Insensitive);
        result.Stdout.ShouldContain("  dns         done        2 record set change(s) written to zone " + server + ". (live now)");
        result.Stdout.ShouldContain("  propagation skipped     not finished: cancelled (Ctrl-C or SIGTERM)");
        result.Stdout.ShouldContain($"  config      skipped     not run: cancelled (Ctrl-C or SIGTERM) after the dns stage; {run.ConfigPath} left unchanged");
        result.Stdout.ShouldNotContain("Migration applied");
        var line = result.Stderr.Trim().Split('\n').ShouldHaveSingleItem();
        line.ShouldStartWith("error: cancelled (Ctrl-C or SIGTERM) after the DNS write: ");
        line.ShouldContain($"_matrix-fed._tcp.{server}. SRV");
        line.ShouldContain($"_matrix._tcp.{server}. SRV");
        line.ShouldContain($"the config stage did not run ({run.ConfigPath} unchanged)");
        line.ShouldContain("run the same apply again");
        line.ShouldContain($"srvprov undo {receipt}");

        // What the output says is what happened: the records are served, the file is as it was.
        var expected = $"10 0 {Lab.FedPort} matrix.{server}.";
        (await run.SrvOnPrimaryAsync()).ShouldBe([expected]);
        (await MigrationLab.SrvAsync(run.Primary, $"_matrix._tcp.{server}")).ShouldBe([expected]);
        File.ReadAllBytes(run.ConfigPath).ShouldBe(run.ConfigBytes);
        Directory.EnumerateFiles(run.Directory).ShouldNotContain(f => f.Contains("srvprov-backup", StringComparison.Ordinal) || f.EndsWith(".tmp", StringComparison.Ordinal));

        var undo = await SrvprovProcess.RunAsync("undo", receipt, "--yes");

        undo.ExitCode.ShouldBe(0, undo.ToString());
        (await run.SrvOnPrimaryAsync()).ShouldBeEmpty();
        (await MigrationLab.SrvAsync(run.Primary, $"_matrix._tcp.{server}")).ShouldBeEmpty();
        File.ReadAllBytes(run.ConfigPath).ShouldBe(run.ConfigBytes);
    }

    [Fact]
    public async Task ApplyJson_CancelledDuringThePropagationWait_SaysWhatWasWritten_AndNamesTheReceipt()
    {
        using var run = new MigrationRun(Lab, "m-canceljson.test");
        var receipt = Path.Combine(run.Directory, "receipt.json");

        var result = await ApplyAndSignalAsync(run, "TERM", "--receipt", receipt, "--format", "json");

        result.ExitCode.ShouldBe(1, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        json["applied"]!.GetValue<bool>().ShouldBeTrue();
        json["receipt"]!.GetValue<string>().ShouldBe(receipt);
        json["stages"]!.AsArray().Select(s => (s!["name"]!.GetValue<string>(), s["status"]!.GetValue<string>())).ShouldBe([("proof", "done"), ("dns", "done"), ("propagation", "skipped"), ("config", "skipped")]);
        json["stages"]![3]!["detail"]!.GetValue<string>().ShouldContain($"not run: cancelled (Ctrl-C or SIGTERM) after the dns stage; {run.ConfigPath} left unchanged");
        var dns = json["changes"]!.AsArray().Where(c => c!["kind"]!.GetValue<string>() == "dns").Select(c => (c!["name"]!.GetValue<string>(), c["action"]!.GetValue<string>())).ToList();
        dns.ShouldBe([("_matrix-fed._tcp.m-canceljson.test.", "create"), ("_matrix._tcp.m-canceljson.test.", "create")], ignoreOrder: true);
        result.Stderr.ShouldContain("error: cancelled (Ctrl-C or SIGTERM) after the DNS write: ");
        File.ReadAllBytes(run.ConfigPath).ShouldBe(run.ConfigBytes);
        (await run.SrvOnPrimaryAsync()).ShouldBe([$"10 0 {Lab.FedPort} matrix.m-canceljson.test."]);

        // The receipt names the DNS sets written and no file: undo works from it alone.
        var written = JsonNode.Parse(File.ReadAllText(receipt))!["receipt"]!;
        written["dnsWritten"]!.GetValue<bool>().ShouldBeTrue();
        (written["files"]?.AsArray() ?? []).ShouldBeEmpty();
        var undo = await SrvprovProcess.RunAsync("undo", receipt, "--yes");
        undo.ExitCode.ShouldBe(0, undo.ToString());
        (await run.SrvOnPrimaryAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Apply_CancelledWhileTheUpdatesAnswerIsOutstanding_ReadsTheSetsBack_AndReportsThemWritten()
    {
        // The update reaches BIND through a relay that drops BIND's answer: apply waits for it
        // when the signal comes, so only reading the sets back can tell what was written.
        await using var relay = UpdateAnswerDroppingRelay.Start(Lab.Primary.EndPoint);
        using var run = new MigrationRun(Lab, "m-cancelwrite.test") { Rfc2136Server = relay.Address };
        var receipt = Path.Combine(run.Directory, "receipt.json");

        var result = await ApplyAndSignalAsync(run, "TERM", () => Task.FromResult(relay.UpdatesDropped > 0), "--receipt", receipt);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain("  dns         done        2 record set change(s) written to zone m-cancelwrite.test. (live now)", Case.Sensitive, result.ToString());
        result.Stdout.ShouldContain($"  config      skipped     not run: cancelled (Ctrl-C or SIGTERM) after the dns stage; {run.ConfigPath} left unchanged");
        result.Stderr.Trim().ShouldStartWith("error: cancelled (Ctrl-C or SIGTERM) after the DNS write: ");
        (await run.SrvOnPrimaryAsync()).ShouldBe([$"10 0 {Lab.FedPort} matrix.m-cancelwrite.test."]);
        File.ReadAllBytes(run.ConfigPath).ShouldBe(run.ConfigBytes);

        relay.DropUpdateAnswers = false;
        var undo = await SrvprovProcess.RunAsync("undo", receipt, "--yes");

        undo.ExitCode.ShouldBe(0, undo.ToString());
        (await run.SrvOnPrimaryAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task ApplyPlanFile_CancelledAfterDns_SaysToPlanAgain_AndTheNewPlanFinishesTheMigration()
    {
        using var run = new MigrationRun(Lab, "m-cancelfinish.test");
        var planFile = Path.Combine(run.Directory, "plan.json");
        (await run.RunAsync("plan", "--out", planFile)).ExitCode.ShouldBe(0);

        var result = await ApplyAndSignalAsync(run, "INT", planFile, "--receipt", Path.Combine(run.Directory, "first.receipt.json"));

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain($"  config      skipped     not run: cancelled (Ctrl-C or SIGTERM) after the dns stage; {run.ConfigPath} left unchanged", Case.Sensitive, result.ToString());
        result.Stderr.ShouldContain("To finish, make a new plan with the same options and apply it");
        File.ReadAllBytes(run.ConfigPath).ShouldBe(run.ConfigBytes);

        // What the line says to do works: the new plan has only the config change left.
        var again = Path.Combine(run.Directory, "again.json");
        var replan = await run.RunAsync("plan", "--out", again);
        replan.ExitCode.ShouldBe(0, replan.ToString());
        replan.Stdout.ShouldNotContain("+ _matrix");
        replan.Stdout.ShouldContain("serve_server_wellknown");
        var finish = await run.ApplyReleasingSecondaryAsync(TimeSpan.Zero, again, "--receipt", Path.Combine(run.Directory, "second.receipt.json"));
        finish.ExitCode.ShouldBe(0, finish.ToString());
        finish.Stdout.ShouldContain("  dns         not-needed");
        finish.Stdout.ShouldContain("  config      done");
        File.ReadAllText(run.ConfigPath).ShouldContain("serve_server_wellknown: false");
    }

    /// <summary>
    /// Starts apply, waits until the primary serves the SRV records (the dns stage is done and
    /// apply now waits for the lagging ns2), sends the signal, and returns the finished run.
    /// </summary>
    private static Task<SrvprovResult> ApplyAndSignalAsync(MigrationRun run, string signal, params string[] extra) =>
        ApplyAndSignalAsync(run, signal, async () => (await run.SrvOnPrimaryAsync()).Count > 0, extra);

    /// <summary>Starts apply, waits until <paramref name="ready"/> (polled, never a fixed sleep), sends the signal, and returns the finished run.</summary>
    private static async Task<SrvprovResult> ApplyAndSignalAsync(MigrationRun run, string signal, Func<Task<bool>> ready, params string[] extra)
    {
        var apply = run.RunAsync("apply", extra);
        var deadline = Stopwatch.StartNew();
        while (!await ready() || (await run.SrvOnPrimaryAsync()).Count == 0)
        {
            if (apply.IsCompleted)
            {
                throw new InvalidOperationException($"apply ended before writing DNS: {await apply}");
            }

            deadline.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(90), "the primary never got the SRV records");
            await Task.Delay(100);
        }

        apply.IsCompleted.ShouldBeFalse("apply must still be waiting for the lagging secondary when the signal comes");
        await SrvprovSignal.SendAsync(run.Directory, signal);
        var stopped = Stopwatch.StartNew();
        var result = await apply;
        stopped.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "it stopped at the signal, not at the propagation timeout");
        return result;
    }
}
