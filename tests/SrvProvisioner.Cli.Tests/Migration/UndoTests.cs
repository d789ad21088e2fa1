using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Migration;

namespace SrvProvisioner.Cli.Tests.Migration;

/// <summary>srvprov undo RECEIPT reverses one apply conditionally, through the CLI against real BIND.</summary>
[Trait("Category", "Binary")]
[Collection(MigrationLabCollection.Name)]
public sealed class UndoTests(MigrationLabFixture fixture)
{
    private MigrationLab Lab => fixture.Lab;

    [Fact]
    public async Task Undo_RestoresTheConfigFileAndTheDns_FromTheReceipt()
    {
        using var run = new MigrationRun(Lab, "m-undo.test");
        var receipt = Path.Combine(run.Directory, "receipt.json");
        var apply = await run.ApplyReleasingSecondaryAsync(TimeSpan.Zero, "--receipt", receipt);
        apply.ExitCode.ShouldBe(0, apply.ToString());
        apply.Stdout.ShouldContain($"Receipt: {receipt} (undo with: srvprov undo {receipt})");
        File.ReadAllBytes(run.ConfigPath).ShouldNotBe(run.ConfigBytes);
        File.ReadAllText(receipt).ShouldNotContain(Lab.Primary.Key.SecretBase64);

        var undo = await SrvprovProcess.RunAsync("undo", receipt, "--yes");

        undo.ExitCode.ShouldBe(0, undo.ToString());
        File.ReadAllBytes(run.ConfigPath).ShouldBe(run.ConfigBytes);
        (await run.SrvOnPrimaryAsync()).ShouldBeEmpty();
        (await MigrationLab.SrvAsync(run.Primary, "_matrix._tcp.m-undo.test")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Undo_RefusesAFileChangedSinceApply_NamingIt_AndStillRestoresTheDns()
    {
        using var run = new MigrationRun(Lab, "m-undochanged.test");
        var receipt = Path.Combine(run.Directory, "receipt.json");
        (await run.ApplyReleasingSecondaryAsync(TimeSpan.Zero, "--receipt", receipt)).ExitCode.ShouldBe(0);
        File.AppendAllText(run.ConfigPath, "# edited by hand after apply\n");
        var edited = File.ReadAllBytes(run.ConfigPath);

        var undo = await SrvprovProcess.RunAsync("undo", receipt, "--yes");

        undo.ExitCode.ShouldBe(2, undo.ToString());
        undo.Stdout.ShouldContain($"REFUSED   {run.ConfigPath}: not restored: it changed since apply");
        File.ReadAllBytes(run.ConfigPath).ShouldBe(edited);
        (await run.SrvOnPrimaryAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Undo_RefusesAPlanFile_ThatIsNotAReceipt()
    {
        using var run = new MigrationRun(Lab, "m-targetonly.test");
        var receipt = Path.Combine(run.Directory, "plan.json");
        (await run.RunAsync("plan", "--out", receipt)).ExitCode.ShouldBe(0);

        var undo = await SrvprovProcess.RunAsync("undo", receipt, "--yes");

        undo.ExitCode.ShouldBe(1, undo.ToString());
        undo.Stderr.ShouldContain("is a plan, not a receipt");
    }

    [Fact]
    public async Task Undo_RefusesADnsSetChangedSinceApply_NamingIt_AndLeavesItAsItIs()
    {
        using var run = new MigrationRun(Lab, "m-undodns.test");
        var receipt = Path.Combine(run.Directory, "receipt.json");
        (await run.ApplyReleasingSecondaryAsync(TimeSpan.Zero, "--receipt", receipt)).ExitCode.ShouldBe(0);
        await Lab.AddSrvBehindTheToolsBackAsync("m-undodns.test", "_matrix-fed._tcp.m-undodns.test", "other.m-undodns.test", 8448);
        var changed = await run.SrvOnPrimaryAsync();
        changed.Count.ShouldBe(2);

        var undo = await SrvprovProcess.RunAsync("undo", receipt, "--yes");

        undo.ExitCode.ShouldBe(2, undo.ToString());
        undo.Stdout.ShouldContain("REFUSED   _matrix-fed._tcp.m-undodns.test. SRV: not restored: it changed since apply");
        undo.Stdout.ShouldContain("other.m-undodns.test");
        (await run.SrvOnPrimaryAsync()).ShouldBe(changed);

        // The set nobody touched is undone, item by item.
        (await MigrationLab.SrvAsync(run.Primary, "_matrix._tcp.m-undodns.test")).ShouldBeEmpty();
    }
}
