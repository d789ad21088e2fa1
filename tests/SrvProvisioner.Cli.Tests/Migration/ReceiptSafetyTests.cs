using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Migration;

namespace SrvProvisioner.Cli.Tests.Migration;

/// <summary>
/// <c>--receipt</c> is checked before apply's first write: an input of the run or a special
/// file there refuses the whole apply (exit 1), so no change is ever made without a receipt,
/// and no input is overwritten by one.
/// </summary>
[Trait("Category", "Binary")]
[Collection(MigrationLabCollection.Name)]
public sealed class ReceiptSafetyTests(MigrationLabFixture fixture)
{
    private MigrationLab Lab => fixture.Lab;

    public static TheoryData<string> Paths => ["config", "plan", "symlink", "fifo", "directory", "device", "key"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Apply_RefusesAReceiptPath_ThatIsAnInputOrASpecialFile_BeforeAnyWrite(string what)
    {
        // --skip-proof: everything would be written if the receipt check did not come first.
        using var run = new MigrationRun(Lab, "m-noreceipt.test");
        var planFile = Path.Combine(run.Directory, "plan.json");
        (await run.RunAsync("plan", "--out", planFile)).ExitCode.ShouldBe(0);
        var planBytes = File.ReadAllBytes(planFile);
        var keyBytes = File.ReadAllBytes(Lab.Primary.KeyFilePath);
        var receipt = what switch
        {
            "config" => run.ConfigPath,
            "plan" => planFile,
            "key" => Lab.Primary.KeyFilePath,
            "symlink" => Link(run.Directory),
            "fifo" => Fifo(run.Directory),
            "directory" => Directory.CreateDirectory(Path.Combine(run.Directory, "receipts")).FullName,
            _ => "/dev/null",
        };

        var result = await SrvprovProcess.RunAsync(["apply", planFile, "--skip-proof", "--dns-server", Lab.PrimaryAddressText, "--timeout", "10s", "--propagation-timeout", "5s", "--receipt", receipt]);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldStartWith("error: --receipt:");
        result.Stderr.ShouldContain("Nothing was applied.");
        result.Stdout.ShouldBeEmpty();
        File.ReadAllBytes(run.ConfigPath).ShouldBe(run.ConfigBytes);
        File.ReadAllBytes(planFile).ShouldBe(planBytes);
        File.ReadAllBytes(Lab.Primary.KeyFilePath).ShouldBe(keyBytes);
        Directory.GetFiles(run.Directory, "*.srvprov-backup-*").ShouldBeEmpty();
        (await run.SrvOnPrimaryAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Apply_ReceiptNamesTheBackupMadeAtWriteTime_NotAnOlderOneBesideTheFile()
    {
        using var run = new MigrationRun(Lab, "m-receipt.test");
        // A planted file with a backup's name and the config's very bytes, older than the run:
        // a receipt that searched for "the backup" afterwards could pick it.
        var planted = run.ConfigPath + ".srvprov-backup-20000101T000000Z";
        File.WriteAllBytes(planted, run.ConfigBytes);
        File.SetLastWriteTimeUtc(planted, DateTime.UtcNow.AddMinutes(5));
        var receipt = Path.Combine(run.Directory, "receipt.json");

        var apply = await run.ApplyReleasingSecondaryAsync(TimeSpan.Zero, "--receipt", receipt);

        apply.ExitCode.ShouldBe(0, apply.ToString());
        var backup = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(receipt))!["receipt"]!["files"]![0]!["backup"]!.GetValue<string>();
        backup.ShouldNotBe(planted);
        File.Exists(backup).ShouldBeTrue();
        File.ReadAllBytes(backup).ShouldBe(run.ConfigBytes);
        Directory.GetFiles(run.Directory, "homeserver.yaml.srvprov-backup-*").ShouldContain(backup);
    }

    private static string Link(string directory)
    {
        var target = Path.Combine(directory, "elsewhere.json");
        var link = Path.Combine(directory, "receipt-link.json");
        File.CreateSymbolicLink(link, target);
        return link;
    }

    private static string Fifo(string directory)
    {
        var path = Path.Combine(directory, "receipt.fifo");
        var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        mkfifo.ExitCode.ShouldBe(0);
        return path;
    }
}
