using SrvProvisioner.Testing.Apache;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Config;

/// <summary>plan/apply with an Apache tree through the real srvprov executable and a real httpd.</summary>
[Trait("Category", "Binary")]
public sealed class ApacheConfigCliTests
{
    private const string Site = """
        <VirtualHost 127.0.0.1:{PORT}>
            ServerName example.com
            DocumentRoot {WWW}
            Alias /.well-known/matrix/server {DIR}/wk/server.json
            Alias /.well-known/matrix/client {DIR}/wk/client.json
        </VirtualHost>

        """;

    [Fact]
    public async Task ApplyWithReload_MakesTheServerFile404_OnTheRunningApache_AndKeepsClient()
    {
        await using var tree = ApacheSiteTree.Create();
        tree.WriteFile("wk/server.json", "{\"m.server\": \"matrix.example.com:443\"}");
        tree.WriteFile("wk/client.json", "{\"m.homeserver\": {\"base_url\": \"https://matrix.example.com\"}}");
        var link = tree.AddSite("example.com", Site);
        await tree.StartAsync();
        var client = await tree.GetAsync("example.com", "/.well-known/matrix/client");
        (await tree.GetAsync("example.com", "/.well-known/matrix/server")).Status.ShouldBe(200);
        var env = tree.Environment.ToDictionary(p => p.Key, p => (string?)p.Value);
        var zone = tree.WriteFile("example.com.zone", "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n");
        var planFile = Path.Combine(tree.Directory, "plan.json");

        var plan = await SrvprovProcess.RunAsync(["plan", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", zone, "--config", link, "--out", planFile], env);

        plan.ExitCode.ShouldBe(0, plan.ToString());
        plan.Stdout.ShouldContain($"~ {link} (apache)");
        plan.Stdout.ShouldContain($"info    {link}:4: <VirtualHost 127.0.0.1:{tree.Port}> at {link}:1 serves /.well-known/matrix/server with Alias to {tree.Directory}/wk/server.json");
        plan.Stdout.ShouldContain("  +# srvprov-off:     Alias /.well-known/matrix/server ");
        var master = tree.MasterPid;
        var children = ApacheSiteTree.Children(master);

        var result = await SrvprovProcess.RunAsync(["apply", planFile, "--reload", "--skip-proof"], env);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain($"backup at {tree.ConfDirectory}/.srvprov-backups/sites-enabled_example.com.conf.");
        result.Stdout.ShouldContain($"apachectl -t -f {tree.MainFile}: the edited configuration is valid.");
        result.Stdout.ShouldContain($"Reloaded apache (apachectl -k graceful -f {tree.MainFile}).");
        new FileInfo(link).LinkTarget.ShouldNotBeNull("edited through the sites-enabled link");
        await tree.WaitForNewChildrenAsync(master, children);
        (await tree.GetAsync("example.com", "/.well-known/matrix/server")).Status.ShouldBe(404, tree.ErrorLog);
        var clientAfter = await tree.GetAsync("example.com", "/.well-known/matrix/client");
        clientAfter.Status.ShouldBe(client.Status);
        clientAfter.Body.ShouldBe(client.Body);
    }
}
