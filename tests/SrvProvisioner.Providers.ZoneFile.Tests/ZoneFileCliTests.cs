using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Providers.ZoneFile.Tests;

/// <summary>The zone file provider through the CLI, on files written the ways people write them.</summary>
[Trait("Category", "Binary")]
public sealed class ZoneFileCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-zonefile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Task<SrvprovResult> Run(string verb, string zoneFile, params string[] extra) =>
        SrvprovProcess.RunAsync([verb, "--server-name", "example.com", "--target", "matrix.example.com:8448", "--zone-file", zoneFile, .. extra]);

    public static TheoryData<string, string> Layouts => new()
    {
        {
            "origin-ttl-parentheses-comments",
            """
            ; a comment at the top
            $ORIGIN example.com.
            $TTL 1h
            @   IN  SOA ns1 hostmaster (
                    2024010101 ; serial
                    7200 3600 1209600 300 ) ; times
                IN  NS  ns1
            ns1 IN  A   192.0.2.1 ; name server
            matrix  300 IN A 192.0.2.2

            """
        },
        {
            "absolute-names-no-origin-directive",
            "example.com. 3600 IN SOA ns1.example.com. h.example.com. 7 7200 3600 1209600 300\nexample.com. 3600 IN NS ns1.example.com.\nns1.example.com. 3600 IN A 192.0.2.1\nmatrix.example.com. 3600 IN A 192.0.2.2\n"
        },
        {
            "crlf-and-no-trailing-newline",
            "$ORIGIN example.com.\r\n$TTL 300\r\n@ SOA ns1 h 1 2 3 4 5\r\n NS ns1\r\nns1 A 192.0.2.1\r\nmatrix A 192.0.2.2"
        },
        {
            "origin-changes-midway",
            "$ORIGIN example.com.\n$TTL 300\n@ IN SOA ns1 h 2026010100 1 2 3 4\n  IN NS ns1\nns1 IN A 192.0.2.1\n$ORIGIN sub.example.com.\nhost IN A 192.0.2.9\n$ORIGIN example.com.\nmatrix IN A 192.0.2.2\n"
        },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task ApplyTwice_AddsBothSets_KeepsOtherBytes_AndNamedAcceptsTheFile(string name, string text)
    {
        var path = Write(name + ".zone", text);
        var original = File.ReadAllText(path);

        var apply = await Run("apply", path, "--yes", "--skip-proof");
        apply.ExitCode.ShouldBe(0, apply.ToString());
        await NamedCheckZone.AssertAcceptsAsync("example.com", path);

        var written = File.ReadAllText(path);
        var originalLines = original.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var writtenLines = written.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var added = writtenLines.Except(originalLines).ToList();

        // Only the serial line changes and two SRV lines are added.
        added.Count(l => l.Contains("SRV", StringComparison.Ordinal)).ShouldBe(2, written);
        added.Count(l => !l.Contains("SRV", StringComparison.Ordinal) && l.Length > 0).ShouldBeLessThanOrEqualTo(1, written);
        originalLines.Except(writtenLines).Count(l => l.Length > 0).ShouldBeLessThanOrEqualTo(1, written);
        if (original.Contains("\r\n", StringComparison.Ordinal))
        {
            written.Replace("\r\n", string.Empty, StringComparison.Ordinal).ShouldNotContain("\n");
        }

        var backup = Directory.GetFiles(_dir, Path.GetFileName(path) + ".srvprov-backup-*").ShouldHaveSingleItem();
        File.ReadAllText(backup).ShouldBe(original);

        var second = await Run("apply", path, "--yes", "--skip-proof");
        second.ExitCode.ShouldBe(0, second.ToString());
        second.Stdout.ShouldContain("No changes");
        File.ReadAllText(path).ShouldBe(written);

        var plan = await Run("plan", path, "--detailed-exitcode");
        plan.ExitCode.ShouldBe(0, plan.ToString());
    }

    [Fact]
    public async Task Apply_BumpsDateSerialToToday_AndCountsWithinTheDay()
    {
        var path = Write("serial.zone", "$ORIGIN example.com.\n@ 300 IN SOA ns1 h 2001020305 1 2 3 4\n@ 300 IN NS ns1\nns1 300 IN A 192.0.2.1\n");
        (await Run("apply", path, "--yes", "--skip-proof")).ExitCode.ShouldBe(0);
        var today = DateTime.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        File.ReadAllText(path).ShouldContain($" {today}00 1 2 3 4");

        (await Run("apply", path, "--yes", "--skip-proof", "--target", "matrix2.example.com")).ExitCode.ShouldBe(0);
        File.ReadAllText(path).ShouldContain($" {today}01 1 2 3 4");
    }

    [Fact]
    public async Task Apply_IncrementsPlainSerialByOne()
    {
        var path = Write("plain.zone", "$ORIGIN example.com.\n@ 300 IN SOA ns1 h 41 1 2 3 4\n@ 300 IN NS ns1\n");
        (await Run("apply", path, "--yes", "--skip-proof")).ExitCode.ShouldBe(0);
        File.ReadAllText(path).ShouldContain(" 42 1 2 3 4");
    }

    [Fact]
    public async Task Apply_ReplacesExistingSetInPlace_AndKeepsContinuationLinesOnTheirOwner()
    {
        var text = """
            $ORIGIN example.com.
            $TTL 300
            @ IN SOA ns1 h 1 1 2 3 4
              IN NS ns1
            ns1 IN A 192.0.2.1
            ; delegation, set up by hand in 2019
            _matrix._tcp IN SRV 10 0 443 old.example.com.
                         IN TXT "kept"
            matrix IN A 192.0.2.2

            """;
        var path = Write("update.zone", text);
        var apply = await Run("apply", path, "--yes", "--skip-proof");
        apply.ExitCode.ShouldBe(0, apply.ToString());
        await NamedCheckZone.AssertAcceptsAsync("example.com", path);
        var written = File.ReadAllText(path);
        written.ShouldNotContain("old.example.com");
        written.ShouldContain("; delegation, set up by hand in 2019");

        // BIND's canonical dump is the judge of which owner each record has now.
        var dump = System.Text.RegularExpressions.Regex.Replace(await CanonicalDump(path), "[ \t]+", " ");
        dump.ShouldContain("_matrix._tcp.example.com. 300 IN TXT \"kept\"");
        dump.ShouldContain("_matrix._tcp.example.com. 3600 IN SRV 10 0 8448 matrix.example.com.");
        dump.ShouldNotContain("old.example.com");
    }

    [Fact]
    public async Task ApplyPlanFile_RefusesAndLeavesFileAlone_WhenFileChangedSincePlan()
    {
        var path = Write("stale.zone", "$ORIGIN example.com.\n@ 300 IN SOA ns1 h 1 1 2 3 4\n@ 300 IN NS ns1\n");
        var planFile = Path.Combine(_dir, "plan.json");
        (await Run("plan", path, "--out", planFile)).ExitCode.ShouldBe(0);
        File.AppendAllText(path, "_matrix._tcp 300 IN SRV 1 1 1 elsewhere.example.net.\n");
        var changed = File.ReadAllText(path);

        var apply = await SrvprovProcess.RunAsync(["apply", planFile, "--skip-proof"]);
        apply.ExitCode.ShouldBe(1, apply.ToString());
        apply.Stderr.ShouldContain("changed since plan");
        File.ReadAllText(path).ShouldBe(changed);
    }

    [Theory]
    [InlineData("$ORIGIN example.org.\n@ 300 IN SOA ns1 h 1 1 2 3 4\n", "does not enclose")]
    [InlineData("@ 300 IN SOA ns1 h 1 1 2 3 4\n", "--zone")]
    [InlineData("$ORIGIN example.com.\n@ 300 IN SOA ns1 h 1 1 2 3 4 (\n", "never closed")]
    public async Task Plan_FailsWithOneClearLine_OnBadZoneFiles(string text, string expected)
    {
        var path = Write("bad.zone", text);
        var result = await Run("plan", path);
        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldStartWith("error: ");
        result.Stderr.ShouldContain(expected);
        result.Stderr.Trim().Split('\n').Length.ShouldBe(1, result.Stderr);
        File.ReadAllText(path).ShouldBe(text);
    }

    [Fact]
    public async Task Plan_FailsClearly_WhenZoneFileIsMissing()
    {
        var result = await Run("plan", Path.Combine(_dir, "nope.zone"));
        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("does not exist");
    }

    private static async Task<string> CanonicalDump(string path)
    {
        var checkconf = Path.Combine(Path.GetDirectoryName(SrvProvisioner.Testing.Bind.BindServer.FindNamedCheckZone())!, "named-compilezone");
        var psi = new System.Diagnostics.ProcessStartInfo(checkconf) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-q", "-o", "-", "example.com", path })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output;
    }
}
