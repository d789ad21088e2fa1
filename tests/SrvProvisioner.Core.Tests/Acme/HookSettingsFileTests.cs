using SrvProvisioner.Core.Acme;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Tests.Acme;

public sealed class HookSettingsFileTests
{
    [Fact]
    public void Parse_ReadsOptionsWithOrWithoutDashes_SkippingCommentsAndBlankLines()
    {
        var values = HookSettingsFile.Parse("# hook\r\n\r\nprovider = rfc2136\n  --rfc2136-server=ns1.example.com:53  \nrfc2136-key-file = /etc/srvprov/a b.key\n", "hook.conf");

        values.ShouldBe(new Dictionary<string, string>
        {
            ["--provider"] = "rfc2136",
            ["--rfc2136-server"] = "ns1.example.com:53",
            ["--rfc2136-key-file"] = "/etc/srvprov/a b.key",
        });
    }

    [Theory]
    [InlineData("provider rfc2136\n", "hook.conf:1: expected 'option = value'")]
    [InlineData("# c\nprovider = a\nprovider = b\n", "hook.conf:3: --provider is set twice")]
    [InlineData("Provider = a\n", "hook.conf:1: 'Provider' is not an option name")]
    [InlineData("= a\n", "hook.conf:1: expected")]
    public void Parse_RefusesMalformedLines_NamingTheLine(string text, string says) =>
        Should.Throw<InvalidInputException>(() => HookSettingsFile.Parse(text, "hook.conf")).Message.ShouldContain(says);

    [Fact]
    public void Parse_NeverEchoesAValue_InAnError()
    {
        var error = Should.Throw<InvalidInputException>(() => HookSettingsFile.Parse("cloudflare-api-token = s3cr3t-token\ncloudflare-api-token = s3cr3t-token\n", "hook.conf"));

        error.Message.ShouldNotContain("s3cr3t");
    }
}
