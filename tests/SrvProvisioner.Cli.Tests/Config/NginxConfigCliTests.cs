using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Nginx;

namespace SrvProvisioner.Cli.Tests.Config;

/// <summary>plan/apply with an nginx tree through the real srvprov executable and a real nginx.</summary>
[Trait("Category", "Binary")]
public sealed class NginxConfigCliTests
{
    private const string Site = """
        server {
            listen 127.0.0.1:{PORT};
            server_name example.com;
            root {WWW};

            location = /.well-known/matrix/server {
                default_type application/json;
                return 200 '{"m.server": "matrix.example.com:443"}';
            }

            location /.well-known/matrix/client {
                default_type application/json;
                return 200 '{"m.homeserver": {"base_url": "https://matrix.example.com"}}';
            }
        }

        """;

    [Fact]
    public async Task Plan_NamesFileAndLine_AndShowsTheEditAsDiff()
    {
        await using var tree = NginxSiteTree.Create();
        var link = tree.AddSite("example.com", Site);
        var zone = WriteZone(tree);
        var before = await File.ReadAllTextAsync(link);

        var result = await SrvprovProcess.RunAsync("plan", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", zone, "--config", tree.MainFile);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain($"~ {link} (nginx)");
        result.Stdout.ShouldContain("  +# srvprov-off:     location = /.well-known/matrix/server {\n");
        result.Stdout.ShouldContain($"info    {link}:8: server block {link}:1 (server_name example.com, on 127.0.0.1:{tree.Port}) serves /.well-known/matrix/server with return 200");
        result.Stdout.ShouldContain("1 setting(s) to change in 1 file(s)");
        (await File.ReadAllTextAsync(link)).ShouldBe(before, "plan writes nothing");
    }

    [Fact]
    public async Task PlanJson_ListsTheLocationAsConfigChange_AndRecordsTheTree()
    {
        await using var tree = NginxSiteTree.Create();
        var link = tree.AddSite("example.com", Site);
        var result = await SrvprovProcess.RunAsync("plan", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", WriteZone(tree), "--config", link, "--format", "json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        var change = json["changes"]!.AsArray().Single(c => c!["kind"]!.GetValue<string>() == "config")!;
        change["path"]!.GetValue<string>().ShouldBe(link);
        change["action"]!.GetValue<string>().ShouldBe("delete");
        change["setting"]!.GetValue<string>().ShouldBe("server example.com > location = /.well-known/matrix/server");
        change["before"]!.GetValue<string>().ShouldBe("return 200 {\"m.server\": \"matrix.example.com:443\"}");
        var observed = json["observed"]!["configFiles"]!.AsArray().Single()!;
        observed["tree"]!["root"]!.GetValue<string>().ShouldBe(tree.MainFile, "a site file given alone is planned in the tree of the nginx.conf that includes it");
    }

    [Fact]
    public async Task ApplyWithReload_MakesTheServerFile404_OnTheRunningNginx_AndKeepsClient()
    {
        await using var tree = NginxSiteTree.Create();
        tree.AddSite("example.com", Site);
        await tree.StartAsync();
        var client = await tree.GetAsync("example.com", "/.well-known/matrix/client");
        (await tree.GetAsync("example.com", "/.well-known/matrix/server")).Status.ShouldBe(200);
        var zone = WriteZone(tree);
        var planFile = Path.Combine(tree.Directory, "plan.json");
        var plan = await SrvprovProcess.RunAsync("plan", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", zone, "--config", tree.MainFile, "--out", planFile);
        plan.ExitCode.ShouldBe(0, plan.ToString());

        var result = await SrvprovProcess.RunAsync("apply", planFile, "--reload", "--skip-proof");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain($"backup at {tree.ConfDirectory}/.srvprov-backups/sites-enabled_example.com.");
        result.Stdout.ShouldContain($"nginx -t -c {tree.MainFile}: the edited configuration is valid.");
        result.Stdout.ShouldContain($"Reloaded nginx (nginx -c {tree.MainFile} -s reload).");
        await WaitForAsync(async () => (await tree.GetAsync("example.com", "/.well-known/matrix/server")).Status == 404);
        var clientAfter = await tree.GetAsync("example.com", "/.well-known/matrix/client");
        clientAfter.Status.ShouldBe(client.Status);
        clientAfter.Body.ShouldBe(client.Body);

        var twice = await SrvprovProcess.RunAsync("apply", planFile, "--skip-proof");
        twice.ExitCode.ShouldBe(0, "apply twice = no change the second time: " + twice);
    }

    [Fact]
    public async Task Apply_RefusesStalePlan_WhenTheSiteFileChangedSincePlan()
    {
        await using var tree = NginxSiteTree.Create();
        var link = tree.AddSite("example.com", Site);
        var planFile = Path.Combine(tree.Directory, "plan.json");
        (await SrvprovProcess.RunAsync("plan", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", WriteZone(tree), "--config", tree.MainFile, "--out", planFile)).ExitCode.ShouldBe(0);
        await File.AppendAllTextAsync(link, "# edited by hand\n");
        var edited = await File.ReadAllTextAsync(link);

        var result = await SrvprovProcess.RunAsync("apply", planFile);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("changed since plan");
        (await File.ReadAllTextAsync(link)).ShouldBe(edited);
        Directory.Exists(Path.Combine(tree.ConfDirectory, ".srvprov-backups")).ShouldBeFalse();
    }

    private static string WriteZone(NginxSiteTree tree) =>
        tree.WriteFile("example.com.zone", "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n");

    /// <summary>nginx -s reload only signals the master; the new workers take over a moment later.</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition did not hold within 20 s");
            await Task.Delay(50);
        }
    }
}
