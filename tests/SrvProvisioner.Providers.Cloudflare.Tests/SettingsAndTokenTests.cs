using System.Diagnostics;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Providers.Cloudflare.Tests;

/// <summary>Settings checked before any network call: the token's sources, the endpoint, the zone ID.</summary>
public sealed class SettingsAndTokenTests : IDisposable
{
    private const string Token = "abcdefghijklmnopqrstuvwxyz0123456789ABCD";

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-cf-settings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CloudflareSettings Parse(Dictionary<string, string> options, string? environmentToken = Token) =>
        new CloudflareProviderFactory(new ProviderDependencies { Environment = name => name == "CLOUDFLARE_API_TOKEN" ? environmentToken : null })
            .Parse(new ProviderSettings("cloudflare", options), out _);

    private static string ParseToken(Dictionary<string, string> options, string? environmentToken = Token)
    {
        new CloudflareProviderFactory(new ProviderDependencies { Environment = name => name == "CLOUDFLARE_API_TOKEN" ? environmentToken : null })
            .Parse(new ProviderSettings("cloudflare", options), out var token);
        return token;
    }

    [Fact]
    public void Parse_NamesBothTokenSources_WhenNeitherIsGiven()
    {
        var error = Should.Throw<InvalidInputException>(() => Parse([], environmentToken: null));

        error.Message.ShouldContain("CLOUDFLARE_API_TOKEN");
        error.Message.ShouldContain("--cloudflare-token-file");
    }

    [Fact]
    public void Parse_ReadsTheTokenFile_BeforeTheEnvironment_TrimmingItsNewline()
    {
        var file = Path.Combine(_dir, "token");
        File.WriteAllText(file, "from-file-token-0123456789abcdefghijklmn\n");

        ParseToken(new() { ["--cloudflare-token-file"] = file }).ShouldBe("from-file-token-0123456789abcdefghijklmn");
        Parse(new() { ["--cloudflare-token-file"] = file }).TokenSource.ShouldContain(file);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words\n")]
    [InlineData("line1\nline2\n")]
    public void Parse_RefusesATokenFile_ThatDoesNotHoldJustAToken_WithoutEchoingIt(string content)
    {
        var file = Path.Combine(_dir, "token");
        File.WriteAllText(file, content);

        var error = Should.Throw<InvalidInputException>(() => Parse(new() { ["--cloudflare-token-file"] = file }));

        error.Message.ShouldContain(file);
        if (content.Trim().Length > 0)
        {
            error.Message.ShouldNotContain(content.Trim().Split('\n')[0]);
        }
    }

    [Fact]
    public void Parse_RefusesALargeTokenFile()
    {
        var file = Path.Combine(_dir, "token");
        File.WriteAllText(file, new string('a', 5000));

        Should.Throw<InvalidInputException>(() => Parse(new() { ["--cloudflare-token-file"] = file })).Message.ShouldContain("5000 bytes");
    }

    [Fact]
    public async Task Parse_RefusesAFifo_AtOnce_InsteadOfWaitingForAWriter()
    {
        var fifo = Path.Combine(_dir, "token.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            mkfifo.ExitCode.ShouldBe(0, "mkfifo (coreutils) must be installed");
        }

        var parse = Task.Run(() => Parse(new() { ["--cloudflare-token-file"] = fifo }));
        var finished = await Task.WhenAny(parse, Task.Delay(TimeSpan.FromSeconds(10)));

        finished.ShouldBe(parse, "reading a FIFO token file must not wait for a writer");
        (await Should.ThrowAsync<InvalidInputException>(() => parse)).Message.ShouldContain("not a regular file");
    }

    [Theory]
    [InlineData("http://api.example.net/client/v4")]
    [InlineData("http://192.0.2.1:8080/client/v4")]
    [InlineData("ftp://127.0.0.1/client/v4")]
    [InlineData("https://user:pass@api.cloudflare.com/client/v4")]
    public void Parse_RefusesAnEndpoint_ThatWouldSendTheTokenInClearOrIsNotAnApiBase(string endpoint)
    {
        Should.Throw<InvalidInputException>(() => Parse(new() { ["--cloudflare-endpoint"] = endpoint })).Message.ShouldContain("--cloudflare-endpoint");
    }

    [Theory]
    [InlineData(null, "https://api.cloudflare.com/client/v4/")]
    [InlineData("http://127.0.0.1:8080/client/v4", "http://127.0.0.1:8080/client/v4/")]
    [InlineData("http://[::1]:8080/client/v4/", "http://[::1]:8080/client/v4/")]
    [InlineData("https://cf-proxy.internal.example/client/v4", "https://cf-proxy.internal.example/client/v4/")]
    public void Parse_AcceptsHttpsAnywhere_AndPlainHttpOnlyToLoopback(string? endpoint, string expected)
    {
        var options = endpoint is null ? new Dictionary<string, string>() : new() { ["--cloudflare-endpoint"] = endpoint };

        Parse(options).Endpoint.AbsoluteUri.ShouldBe(expected);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    public void Parse_RefusesAZoneId_ThatIsNotCloudflares(string zoneId)
    {
        Should.Throw<InvalidInputException>(() => Parse(new() { ["--cloudflare-zone-id"] = zoneId })).Message.ShouldContain("--cloudflare-zone-id");
    }

    [Fact]
    public void DescribeTtl_ShowsCloudflaresAutomaticTtl_AsAuto()
    {
        IDnsProviderFactory factory = new CloudflareProviderFactory();

        factory.DescribeTtl(1).ShouldBe("auto");
        factory.DescribeTtl(3600).ShouldBe("3600");
    }
}
