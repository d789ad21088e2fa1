using System.Globalization;
using System.Text;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Files;

namespace SrvProvisioner.Providers.ZoneFile.Tests;

/// <summary>
/// Attacks on apply's zone file replacement through the CLI (issue 17): planted links at the
/// backup names, concurrent runs, foreign encodings, owners, links and special files.
/// </summary>
[Trait("Category", "Binary")]
public sealed class ZoneFileSafetyCliTests : IDisposable
{
    private const string Zone = "$ORIGIN example.com.\n$TTL 300\n@ IN SOA ns1 h 1 2 3 4 5\n  IN NS ns1\nns1 IN A 192.0.2.1\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-zonesafety-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Task<SrvprovResult> Apply(string zoneFile, string serverName = "example.com", TimeSpan? timeout = null) =>
        SrvprovProcess.RunAsync(["apply", "--skip-proof", "--server-name", serverName, "--target", "matrix.example.com:8448", "--zone-file", zoneFile, "--yes"], timeout: timeout);

    [Fact]
    public async Task Apply_DoesNotFollowLinksPlantedAtBackupNames_AndLeavesTheirTargetAlone()
    {
        var zone = Write("db.example", Zone);
        var victim = Write("victim", "root-only secret\n");
        await UnixFileFacts.ChmodAsync(victim, "600");
        await UnixFileFacts.ChownAsync(zone, "65534:65534");

        // Every backup name a run could pick in the next seconds, old scheme and new.
        File.CreateSymbolicLink(zone + ".srvprov.bak", victim);
        var now = DateTimeOffset.UtcNow;
        for (var s = -1; s < 30; s++)
        {
            File.CreateSymbolicLink(zone + ".srvprov-backup-" + now.AddSeconds(s).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), victim);
        }

        var result = await Apply(zone);

        result.ExitCode.ShouldBe(0, result.ToString());
        File.ReadAllText(victim).ShouldBe("root-only secret\n");
        var facts = await UnixFileFacts.OfAsync(victim);
        (facts.Uid, facts.Gid, facts.Mode).ShouldBe((0u, 0u, "600"));
        File.ReadAllText(zone).ShouldContain("_matrix-fed._tcp");
        var backups = new DirectoryInfo(_dir).GetFiles("db.example.srvprov-backup-*").Where(f => f.LinkTarget is null).ToList();
        File.ReadAllText(backups.ShouldHaveSingleItem().FullName).ShouldBe(Zone);
    }

    [Fact]
    public async Task ConcurrentApplies_OnOneZoneFile_LoseNoRecordSet()
    {
        var zone = Write("db.example", Zone);
        var names = Enumerable.Range(1, 6).Select(i => $"s{i}.example.com").ToList();

        var results = await Task.WhenAll(names.Select(n => Apply(zone, n)));

        var text = File.ReadAllText(zone);
        var owners = text.Split('\n').Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            results[i].ExitCode.ShouldBe(0, results[i].ToString());
            owners.ShouldContain($"_matrix-fed._tcp.{names[i].Split('.')[0]}", text);
        }
    }

    [Fact]
    public async Task Apply_KeepsNonUtf8BytesOutsideTheEdit()
    {
        var latin1 = Encoding.Latin1;
        var original = latin1.GetBytes("; zone of caf\u00e9 example\n" + Zone + "txt IN TXT \"caf\u00e9\"\n");
        var zone = Path.Combine(_dir, "db.example");
        await File.WriteAllBytesAsync(zone, original);

        var result = await Apply(zone);

        result.ExitCode.ShouldBe(0, result.ToString());
        var written = await File.ReadAllBytesAsync(zone);
        written.ShouldNotContain((byte)0xEF, "no U+FFFD replacement character");
        var writtenLines = latin1.GetString(written).Split('\n');
        foreach (var line in latin1.GetString(original).Split('\n').Where(l => !l.Contains("SOA", StringComparison.Ordinal)))
        {
            writtenLines.ShouldContain(line);
        }
    }

    [Fact]
    public async Task Apply_KeepsOwnerGroupAndMode()
    {
        var zone = Write("db.example", Zone);
        await UnixFileFacts.ChownAsync(zone, "65534:65534");
        await UnixFileFacts.ChmodAsync(zone, "640");

        var result = await Apply(zone);

        result.ExitCode.ShouldBe(0, result.ToString());
        var facts = await UnixFileFacts.OfAsync(zone);
        (facts.Uid, facts.Gid, facts.Mode).ShouldBe((65534u, 65534u, "640"));
        var backup = Directory.GetFiles(_dir, "db.example.srvprov-backup-*").ShouldHaveSingleItem();
        var backupFacts = await UnixFileFacts.OfAsync(backup);
        (backupFacts.Uid, backupFacts.Gid, backupFacts.Mode).ShouldBe((65534u, 65534u, "640"));
    }

    [Fact]
    public async Task Apply_ThroughSymlink_EditsTheTarget_AndKeepsTheLink()
    {
        var real = Directory.CreateDirectory(Path.Combine(_dir, "real")).FullName;
        var target = Path.Combine(real, "db.example");
        File.WriteAllText(target, Zone);
        var link = Path.Combine(_dir, "db.link");
        File.CreateSymbolicLink(link, target);

        var result = await Apply(link);

        result.ExitCode.ShouldBe(0, result.ToString());
        new FileInfo(link).LinkTarget.ShouldBe(target);
        File.ReadAllText(target).ShouldContain("_matrix-fed._tcp");
        Directory.GetFiles(real, "db.example.srvprov-backup-*").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Apply_RefusesHardLinkedZoneFile_AndChangesNothing()
    {
        var zone = Write("db.example", Zone);
        var other = Path.Combine(_dir, "db.other");
        await SrvProvisioner.Testing.Net.ChildProcess.RunCheckedAsync("ln", [zone, other], null, TimeSpan.FromSeconds(10));

        var result = await Apply(zone);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("hard links");
        File.ReadAllText(zone).ShouldBe(Zone);
        (await UnixFileFacts.OfAsync(zone)).Links.ShouldBe(2);
    }

    [Fact]
    public async Task Plan_RefusesFifoAsZoneFile_WithoutBlocking()
    {
        var fifo = Path.Combine(_dir, "db.fifo");
        await UnixFileFacts.MakeFifoAsync(fifo);

        var result = await SrvprovProcess.RunAsync(["plan", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", fifo], timeout: TimeSpan.FromSeconds(30));

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("FIFO");
    }
}
