using SrvProvisioner.Testing.Caddy;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Config;

/// <summary>plan/apply with a Caddyfile through the real srvprov executable and a real caddy.</summary>
[Trait("Category", "Binary")]
public sealed class CaddyConfigCliTests
{
    private const string Site = """
        http://example.com:{PORT} {
        	root * {WWW}
        	respond /.well-known/matrix/server `{"m.server": "matrix.example.com:443"}`
        	respond /.well-known/matrix/client `{"m.homeserver": {"base_url": "https://matrix.example.com"}}`
        }

        """;

    [Fact]
    public async Task Plan_NamesFileAndLine_AndShowsTheEditAsDiff()
    {
        await using var tree = CaddySiteTree.Create(Site);
        var before = await File.ReadAllTextAsync(tree.MainFile);

        var result = await SrvprovProcess.RunAsync(["plan", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", WriteZone(tree), "--config", tree.MainFile], Env(tree));

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain($"~ {tree.MainFile} (caddy)");
        result.Stdout.ShouldContain("  +# srvprov-off: \trespond /.well-known/matrix/server `{\"m.server\": \"matrix.example.com:443\"}`\n");
        result.Stdout.ShouldContain($"info    {tree.MainFile}:7: site block {tree.MainFile}:5 (http://example.com:{tree.Port}, port {tree.Port}) serves /.well-known/matrix/server with respond 200");
        (await File.ReadAllTextAsync(tree.MainFile)).ShouldBe(before, "plan writes nothing");
    }

    [Fact]
    public async Task ApplyWithReload_MakesTheServerFile404_OnTheRunningCaddy_AndKeepsClient()
    {
        await using var tree = CaddySiteTree.Create(Site);
        await tree.StartAsync();
        var client = await tree.GetAsync("example.com", "/.well-known/matrix/client");
        (await tree.GetAsync("example.com", "/.well-known/matrix/server")).Status.ShouldBe(200);
        var planFile = Path.Combine(tree.Directory, "plan.json");
        var plan = await SrvprovProcess.RunAsync(["plan", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", WriteZone(tree), "--config", tree.MainFile, "--out", planFile], Env(tree));
        plan.ExitCode.ShouldBe(0, plan.ToString());

        var result = await SrvprovProcess.RunAsync(["apply", planFile, "--reload", "--skip-proof"], Env(tree));

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain($"backup at {tree.ConfDirectory}/.srvprov-backups/Caddyfile.");
        result.Stdout.ShouldContain($"caddy validate --adapter caddyfile --config {tree.MainFile}: the edited configuration is valid.");
        result.Stdout.ShouldContain($"Reloaded caddy (caddy reload --adapter caddyfile --config {tree.MainFile}).");
        (await tree.GetAsync("example.com", "/.well-known/matrix/server")).Status.ShouldBe(404, tree.Output);
        var clientAfter = await tree.GetAsync("example.com", "/.well-known/matrix/client");
        clientAfter.Status.ShouldBe(client.Status);
        clientAfter.Body.ShouldBe(client.Body);

        var twice = await SrvprovProcess.RunAsync(["apply", planFile, "--skip-proof"], Env(tree));
        twice.ExitCode.ShouldBe(0, "apply twice = no change the second time: " + twice);
    }

    private static Dictionary<string, string?> Env(CaddySiteTree tree) => tree.Environment.ToDictionary(p => p.Key, p => (string?)p.Value);

    private static string WriteZone(CaddySiteTree tree) =>
        tree.WriteFile("example.com.zone", "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n");
}
