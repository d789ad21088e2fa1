using SrvProvisioner.Testing.AzureDns;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Providers.AzureDns.Tests;

/// <summary>
/// <c>srvprov undo</c> on Azure DNS: each set is reversed only while it holds what apply wrote,
/// with the write conditional on the ETag just read (<c>If-Match</c>), so a concurrent rewrite
/// between undo's read and its write is refused (412), never overwritten.
/// </summary>
[Trait("Category", "Binary")]
public sealed class AzureUndoCliTests : IAsyncLifetime
{
    private AzureScope _scope = null!;

    private AzureDnsEmulator Emulator => _scope.Emulator;

    private string Receipt => Path.Combine(_scope.Home, "receipt.json");

    public async Task InitializeAsync() => _scope = await AzureScope.StartAsync();

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    private Task<SrvprovResult> Run(params string[] args) =>
        SrvprovProcess.RunAsync(args, _scope.CliEnvironment(), workingDirectory: _scope.Home);

    private async Task<AzureEmulatedZone> ApplyAsync()
    {
        var zone = _scope.AddExampleZone();
        var apply = await Run("apply", "--skip-proof", "--provider", "azure", "--azure-endpoint", _scope.Endpoint, "--server-name", "example.com", "--target", "matrix.example.com:8448", "--dns-server", "127.0.0.1:9", "--yes", "--receipt", Receipt);
        apply.ExitCode.ShouldBe(0, apply.ToString());
        Emulator.WriteLog().ShouldBe(["PUT SRV _matrix-fed._tcp", "PUT SRV _matrix._tcp"]);
        return zone;
    }

    [Fact]
    public async Task Undo_RemovesTheSetsApplyCreated()
    {
        var zone = await ApplyAsync();

        var undo = await Run("undo", Receipt, "--yes");

        undo.ExitCode.ShouldBe(0, undo.ToString());
        Emulator.FindRecordSet(zone, "SRV", "_matrix-fed._tcp").ShouldBeNull();
        Emulator.FindRecordSet(zone, "SRV", "_matrix._tcp").ShouldBeNull();
        Emulator.WriteLog().Skip(2).Order(StringComparer.Ordinal).ShouldBe(["DELETE SRV _matrix-fed._tcp", "DELETE SRV _matrix._tcp"]);
    }

    [Fact]
    public async Task Undo_RefusesASetWhoseDataChangedSinceApply_NamingIt_AndLeavesIt()
    {
        var zone = await ApplyAsync();
        Emulator.PutRecordSet(zone, "SRV", "_matrix._tcp", 300, "5 0 443 other.example.net.");

        var undo = await Run("undo", Receipt, "--yes");

        undo.ExitCode.ShouldBe(2, undo.ToString());
        undo.Stdout.ShouldContain("REFUSED   _matrix._tcp.example.com. SRV: not restored: it changed since apply");
        Emulator.FindRecordSet(zone, "SRV", "_matrix._tcp")!.Values.ShouldBe(["5 0 443 other.example.net."]);
        Emulator.FindRecordSet(zone, "SRV", "_matrix-fed._tcp").ShouldBeNull();
    }

    [Fact]
    public async Task Undo_IsConditionalOnTheETag_ARewriteBetweenReadAndWriteIsRefused()
    {
        var zone = await ApplyAsync();

        // Someone rewrites the set (same data, new ETag) just before undo's DELETE reaches Azure.
        string? touched = null;
        Emulator.OnRequest = (method, type, name) =>
        {
            if (method == "DELETE" && name == "_matrix-fed._tcp" && touched is null)
            {
                touched = Emulator.Touch(zone, "SRV", "_matrix-fed._tcp");
            }
        };

        var undo = await Run("undo", Receipt, "--yes");

        undo.ExitCode.ShouldBe(2, undo.ToString());
        undo.Stdout.ShouldContain("REFUSED   _matrix-fed._tcp.example.com. SRV: not restored: it changed since apply");
        undo.Stdout.ShouldContain("412");
        touched.ShouldNotBeNull();
        Emulator.FindRecordSet(zone, "SRV", "_matrix-fed._tcp")!.ETag.ShouldBe(touched);
        Emulator.FindRecordSet(zone, "SRV", "_matrix._tcp").ShouldBeNull();
    }
}
