using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;
using static SrvProvisioner.Core.Tests.HomeserverConfig.ConfigTestSupport;

namespace SrvProvisioner.Core.Tests.HomeserverConfig;

public sealed class TomlEditTests
{
    private const string Why = "# srvprov: federation is delegated by DNS SRV records; a served /.well-known/matrix/server would take precedence over them.";

    [Fact]
    public void Removes_DottedKeyUnderGlobal_KeepingIndentAndCrlf()
    {
        var before = "[global]\r\nserver_name = \"example.com\"\r\n  well_known.server = 'example.com:443' # old\r\nport = 1\r\n";
        var analysis = Analyze("tuwunel.toml", before);
        After(analysis).ShouldBe($"[global]\r\nserver_name = \"example.com\"\r\n  {Why}\r\n  #well_known.server = 'example.com:443' # old\r\nport = 1\r\n");
        analysis.Changes.ShouldBe([new ConfigChange("global.well_known.server", ChangeAction.Delete, "\"example.com:443\"", null)]);
    }

    [Fact]
    public void Removes_KeyOnLastLine_WithoutFinalNewline()
    {
        After(Analyze("conduwuit.toml", "[global.well_known]\nserver = \"a:443\""))
            .ShouldBe($"[global.well_known]\n{Why}\n#server = \"a:443\"");
    }

    [Fact]
    public void Removes_MultiLineString_CommentingEveryLine()
    {
        var after = After(Analyze("conduwuit.toml", "[global.well_known]\nserver = \"\"\"\na:443\"\"\"\nclient = \"https://a\"\n"));
        after.ShouldBe($"[global.well_known]\n{Why}\n#server = \"\"\"\n#a:443\"\"\"\nclient = \"https://a\"\n");
        TomlValues(after).ShouldNotContainKey("global.well_known.server");
    }

    [Fact]
    public void Keeps_ClientWellKnown()
    {
        Analyze("conduwuit.toml", "[global.well_known]\nclient = \"https://a\"\n").Changes.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("[global]\nwell_known = { server = \"a:443\" }\n", "inline table")]
    [InlineData("[global.well_known]\nserver = \"a:443\"\nserver = \"b:443\"\n", "already defined")]
    [InlineData("[global.well_known\nserver = 1\n", "not valid TOML")]
    // Found by the config fuzz test: the file ends right after a backslash inside a string.
    [InlineData("[global.well_known]\nserver = \"a\\", "not valid TOML")]
    public void Refuses_AmbiguousOrUnparseableFiles(string text, string message)
    {
        Should.Throw<ConfigFileException>(() => Analyze("conduwuit.toml", text)).Message.ShouldContain(message);
    }
}
