using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Safety;

/// <summary>
/// Option values a careless or hostile user can type (issue 17, "Hangs and crashes"): each class
/// ends in one clear error line naming the option and exit 1, never an "unexpected" exception,
/// and the zone file is left as it was.
/// </summary>
[Trait("Category", "Binary")]
public sealed class OddOptionValuesCliTests : IDisposable
{
    private const string Zone = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n";

    private static readonly string Long = new('a', 100_000);

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-odd-").FullName;

    public OddOptionValuesCliTests()
    {
        File.WriteAllText(ZonePath, Zone);
    }

    private string ZonePath => Path.Combine(_dir, "z.zone");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task ShouldRefuse(string[] args, string expected)
    {
        var result = await SrvprovProcess.RunAsync(args, workingDirectory: _dir, timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain(expected);
        result.Stderr.ShouldNotContain("unexpected", Case.Insensitive);
        result.Stderr.ShouldNotContain("   at ");
        result.Stderr.Trim().Split('\n').Length.ShouldBeLessThanOrEqualTo(2, result.Stderr);
        (await File.ReadAllTextAsync(ZonePath)).ShouldBe(Zone);
    }

    private string[] Plan(params string[] extra) =>
        ["plan", "--server-name", "example.com", "--target", "matrix.example.com:8448", "--dns-server", "127.0.0.1:9", "--zone-file", ZonePath, .. extra];

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("-5")]
    [InlineData("1e400")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("99999999999999999999s")]
    [InlineData("0")]
    public async Task Durations_ThatAreNoDuration_AreRefusedWithOneLine(string value)
    {
        await ShouldRefuse(Plan("--timeout", value), "--timeout");
        await ShouldRefuse(["apply", .. Plan("--yes", "--skip-proof", "--propagation-timeout", value)[1..]], "--propagation-timeout");
        await ShouldRefuse(["verify", "--server-name", "example.com", "--dns-server", "127.0.0.1:9", "--timeout", value], "--timeout");
    }

    [Theory]
    [InlineData("--rfc2136-server", "host-of-300")]
    [InlineData("--rfc2136-server", "127.0.0.1:0")]
    [InlineData("--rfc2136-server", "127.0.0.1:65536")]
    [InlineData("--rfc2136-server", "127.0.0.1:-1")]
    [InlineData("--rfc2136-server", "bad host\u0001name")]
    [InlineData("--rfc2136-server", "long")]
    public async Task Rfc2136Server_ThatIsNoHost_IsRefusedWithOneLine(string option, string value)
    {
        var text = value switch
        {
            "host-of-300" => string.Join('.', Enumerable.Repeat(new string('a', 60), 5)),
            "long" => Long,
            _ => value,
        };

        await ShouldRefuse(["plan", "--server-name", "example.com", "--target", "matrix.example.com:8448", "--dns-server", "127.0.0.1:9", "--provider", "rfc2136", option, text], option);
    }

    [Theory]
    [InlineData("--target", "matrix.example.com:65536", "port 65536")]
    [InlineData("--target", "matrix.example.com:-1", "port '-1'")]
    [InlineData("--target", "long", "--target")]
    [InlineData("--target", "\u202ematrix.example.com", "--target")]
    [InlineData("--server-name", "long", "server name")]
    [InlineData("--server-name", "", "server name")]
    [InlineData("--dns-server", "127.0.0.1:0", "--dns-server")]
    [InlineData("--dns-server", "127.0.0.1:65536", "--dns-server")]
    [InlineData("--dns-server", "long", "--dns-server")]
    [InlineData("--connect-to", "a:b:c:d:e", "--connect-to")]
    [InlineData("--connect-to", "example.com:65536::", "--connect-to")]
    [InlineData("--ttl", "-1", "--ttl")]
    [InlineData("--ttl", "long", "--ttl")]
    [InlineData("--priority", "65536", "priority")]
    [InlineData("--weight", "-1", "weight")]
    [InlineData("--services", "é€😀", "Must be one of")]
    public async Task HostPortAndNumberValues_OutOfRange_AreRefusedWithOneLine(string option, string value, string expected)
    {
        var text = value == "long" ? Long : value;
        var args = Plan().ToList();
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = text;
        }
        else
        {
            args.AddRange([option, text]);
        }

        await ShouldRefuse([.. args], expected);
    }

    [Theory]
    [InlineData("--config")]
    [InlineData("--cert-file")]
    [InlineData("--ca-file")]
    [InlineData("--zone-file")]
    [InlineData("--out")]
    public async Task PathOptions_ThatAreEmpty_AreRefusedWithOneLine(string option)
    {
        var args = Plan().ToList();
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = string.Empty;
        }
        else
        {
            args.AddRange([option, string.Empty]);
        }

        await ShouldRefuse([.. args], option);
    }

    [Fact]
    public async Task Apply_RefusesAnEmptyReceiptPath_BeforeWritingTheZone()
    {
        await ShouldRefuse(["apply", .. Plan("--yes", "--skip-proof", "--receipt", string.Empty)[1..]], "--receipt");
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\u0001")]
    [InlineData("é€😀")]
    [InlineData("a:b:c:d:e")]
    [InlineData("long")]
    public async Task AzureTenant_ThatIsNoTenant_IsRefusedWithOneLine(string value)
    {
        await ShouldRefuse(
            ["plan", "--server-name", "example.com", "--target", "matrix.example.com:8448", "--dns-server", "127.0.0.1:9", "--provider", "azure",
             "--azure-subscription", "00000000-0000-0000-0000-000000000000", "--azure-endpoint", "http://127.0.0.1:9", "--azure-tenant", value == "long" ? Long : value],
            "--azure-tenant");
    }

    [Theory]
    [InlineData("rfc2136", "--rfc2136-server", "127.0.0.1:9", "--rfc2136-timeout")]
    [InlineData("webhook", "--webhook-url", "http://127.0.0.1:9", "--webhook-timeout")]
    [InlineData("route53", "--route53-endpoint", "http://127.0.0.1:9", "--route53-wait-timeout")]
    [InlineData("azure", "--azure-subscription", "00000000-0000-0000-0000-000000000000", "--azure-timeout")]
    public async Task ProviderDurations_ThatAreNaN_AreRefusedWithOneLine(string provider, string required, string requiredValue, string option)
    {
        await ShouldRefuse(
            ["plan", "--server-name", "example.com", "--target", "matrix.example.com:8448", "--dns-server", "127.0.0.1:9", "--provider", provider, required, requiredValue, option, "NaN"],
            option);
    }
}
