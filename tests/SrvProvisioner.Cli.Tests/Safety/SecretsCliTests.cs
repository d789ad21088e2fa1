using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Safety;

/// <summary>Secrets near what srvprov shows stay out of its output and plan files.</summary>
[Trait("Category", "Binary")]
public sealed class SecretsCliTests : IDisposable
{
    private const string Zone = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n";

    private const string HomeserverYaml = """
        server_name: example.com
        registration_shared_secret: "reg-8f1c2e7d"
        macaroon_secret_key: "mac-71b3a9d0"
        serve_server_wellknown: true
        form_secret: "form-5c2e9a11"
        signing_key: |
          ed25519 a_abcd SIGNINGKEY0123456789
        """;

    private static readonly string[] Secrets = ["reg-8f1c2e7d", "mac-71b3a9d0", "form-5c2e9a11", "SIGNINGKEY0123456789"];

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-secrets-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Plan_RedactsSecretContextLines_InTextJsonAndPlanFile()
    {
        var zone = Write("z.zone", Zone);
        var config = Write("homeserver.yaml", HomeserverYaml + "\n");
        var planFile = Path.Combine(_dir, "plan.json");
        string[] args = ["plan", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", zone, "--config", config, "--config-kind", "synapse"];

        var text = await SrvprovProcess.RunAsync([.. args, "--out", planFile]);
        var json = await SrvprovProcess.RunAsync([.. args, "--format", "json"]);

        text.ExitCode.ShouldBe(0, text.ToString());
        json.ExitCode.ShouldBe(0, json.ToString());
        text.Stdout.ShouldContain("serve_server_wellknown: false");
        text.Stdout.ShouldContain("registration_shared_secret: \u2039redacted\u203a");
        foreach (var secret in Secrets)
        {
            text.Stdout.ShouldNotContain(secret);
            json.Stdout.ShouldNotContain(secret);
            File.ReadAllText(planFile).ShouldNotContain(secret);
        }
    }

    [Fact]
    public async Task FleetPlan_NeverQuotesAFileReferencedValueInErrors()
    {
        var zone = Write("z.zone", Zone);
        var secret = Write("shadow", "root:$6$Qx9vT2hashhashhash:19000:0:99999:7:::\n");
        var fleet = Write("fleet.yaml", $"version: 1\nproviders:\n  az:\n    type: azure\n    options:\n      azure-subscription: {{ file: {secret} }}\n      azure-resource-group: rg\ndomains:\n  - server-name: example.com\n    targets: [matrix.example.com]\n");

        var result = await SrvprovProcess.RunAsync(["plan", "--file", fleet], new Dictionary<string, string?> { ["AZURE_ACCESS_TOKEN"] = "token-abc" }, timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldNotBe(0, result.ToString());
        result.ToString().ShouldContain("the content of " + secret);
        result.ToString().ShouldNotContain("Qx9vT2hash");
        _ = zone;
    }

    [Fact]
    public async Task Route53_RefusesPlainHttpToANonLoopbackEndpoint()
    {
        var env = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            ["AWS_SESSION_TOKEN"] = "session-token-value",
            ["AWS_ENDPOINT_URL_ROUTE_53"] = null,
            ["AWS_ENDPOINT_URL"] = null,
        };

        var result = await SrvprovProcess.RunAsync(["plan", "--server-name", "example.com", "--target", "matrix.example.com", "--provider", "route53", "--route53-endpoint", "http://192.0.2.10:8080/"], env, timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("plain http");
    }
}
