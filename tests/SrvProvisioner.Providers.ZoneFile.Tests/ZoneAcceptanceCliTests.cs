using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Providers.ZoneFile.Tests;

/// <summary>Zones BIND accepts are planned and edited; broken ones are refused naming the line.</summary>
[Trait("Category", "Binary")]
public sealed class ZoneAcceptanceCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-zoneaccept-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Task<SrvprovResult> Run(string verb, string zoneFile, params string[] extra) =>
        SrvprovProcess.RunAsync([verb, "--server-name", "example.com", "--target", "matrix.example.com:8448", "--zone-file", zoneFile, .. extra]);

    [Fact]
    public async Task Apply_EditsAZoneWithWildcardsEscapedLabelsAndUnmodelledTypes_KeepingThoseLines()
    {
        string[] kept =
        [
            "*               MX    10 mail",
            "*.dev       300 IN TXT \"wildcard below\"",
            "a\\046b          TXT   \"an escaped dot\"",
            "svc             HTTPS 1 . alpn=h2",
            "caa             CAA   0 issue \"letsencrypt.org\"",
            "t1      1h30m   IN A  192.0.2.7",
        ];
        var text = "$ORIGIN example.com.\n$TTL 1h\n@ SOA ns1 h 1 2h 1h 1w 5m\n  NS ns1\nns1 A 192.0.2.1\nmatrix A 192.0.2.2\nmail A 192.0.2.3\n" + string.Join('\n', kept) + "\n";
        var zone = Write("db.example", text);
        await NamedCheckZone.AssertAcceptsAsync("example.com", zone);

        var result = await Run("apply", zone, "--yes", "--skip-proof");

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = File.ReadAllText(zone).Split('\n');
        foreach (var line in kept)
        {
            lines.ShouldContain(line);
        }

        lines.ShouldContain(l => l.StartsWith("_matrix-fed._tcp", StringComparison.Ordinal));
        await NamedCheckZone.AssertAcceptsAsync("example.com", zone);
    }

    [Fact]
    public async Task Plan_RefusesASecondSoa_NamingItsLine()
    {
        var zone = Write("db.example", "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\n@ SOA ns2 h 2 2 3 4 5\n");

        var result = await Run("plan", zone);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("line 5");
        result.Stderr.ShouldContain("SOA");
    }

    [Fact]
    public async Task Plan_NamesTheLineOfARecordTheParserRefuses()
    {
        var zone = Write("db.example", "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nns1 A 192.0.2.1\nbad A 999.1.2.3\n");

        var result = await Run("plan", zone);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain(zone + ":6:");
    }
}
