using System.Text.Json;
using SrvProvisioner.Testing.Bind;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Route53;

namespace SrvProvisioner.Providers.Route53.Tests;

/// <summary>srvprov as a user runs it, with AWS_ENDPOINT_URL_ROUTE_53 pointing at the emulator.</summary>
[Trait("Category", "Binary")]
public sealed class Route53CliTests : IAsyncLifetime
{
    // Target lookups go to a loopback port where nothing answers (refused at once), so these
    // tests never depend on the machine's resolver; the plan then reads the target from the zone.
    private static readonly string[] Delegation = ["--provider", "route53", "--server-name", "example.com", "--target", "matrix.example.com:8448", "--dns-server", "127.0.0.1:9"];

    private EmulatorScope _scope = null!;

    private Route53Emulator Emulator => _scope.Emulator;

    public async Task InitializeAsync() => _scope = await EmulatorScope.StartAsync();

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    private Task<SrvprovResult> Run(string[] args, Dictionary<string, string?>? env = null) =>
        SrvprovProcess.RunAsync(args, env ?? _scope.CliEnvironment(), workingDirectory: _scope.Home);

    [Fact]
    public async Task PlanApplyPlan_CreatesBothSets_ThenHasNothingToDo()
    {
        var id = _scope.AddExampleZone();

        var plan = await Run(["plan", .. Delegation, "--format", "json", "--detailed-exitcode"]);
        plan.ExitCode.ShouldBe(2, plan.ToString());
        using (var json = JsonDocument.Parse(plan.Stdout))
        {
            var changes = json.RootElement.GetProperty("changes").EnumerateArray().ToList();
            changes.Select(c => c.GetProperty("action").GetString()).ShouldBe(["create", "create"]);
            changes.Select(c => c.GetProperty("name").GetString()).Order().ShouldBe(["_matrix-fed._tcp.example.com.", "_matrix._tcp.example.com."]);
            changes[0].GetProperty("after")[0].GetString().ShouldBe("10 0 8448 matrix.example.com.");
        }

        Emulator.ChangesApplied.ShouldBe(0);
        var apply = await Run(["apply", "--skip-proof", .. Delegation, "--yes"]);
        apply.ExitCode.ShouldBe(0, apply.ToString());
        Emulator.ChangesApplied.ShouldBe(1);
        Emulator.FindRecordSet(id, "_matrix-fed._tcp.example.com", "SRV")!.Values.ShouldBe(["10 0 8448 matrix.example.com."]);
        Emulator.FindRecordSet(id, "_matrix._tcp.example.com", "SRV")!.Values.ShouldBe(["10 0 8448 matrix.example.com."]);
        Emulator.Count("GetChange").ShouldBeGreaterThan(0);

        var again = await Run(["plan", .. Delegation, "--detailed-exitcode"]);
        again.ExitCode.ShouldBe(0, again.ToString());
        Emulator.ChangesApplied.ShouldBe(1);
    }

    [Fact]
    public async Task Plan_ReadsOnlyTheDelegation_WhenDnsAlreadyServesTheTarget()
    {
        _scope.AddExampleZone(extraSets: 40);
        // The zone as Route 53's name servers would serve it once delegated.
        await using var dns = await BindServer.StartAsync([BindZone.Served("example.com", "matrix IN A 192.0.2.10")]);
        Emulator.ResetCounts();

        var plan = await Run(["plan", "--provider", "route53", "--server-name", "example.com", "--target", "matrix.example.com:8448", "--dns-server", dns.Address, "--format", "json"]);

        plan.ExitCode.ShouldBe(0, plan.ToString());
        Emulator.Count("ListResourceRecordSets").ShouldBe(1);
        using var json = JsonDocument.Parse(plan.Stdout);
        json.RootElement.GetProperty("changes").GetArrayLength().ShouldBe(2);
        json.RootElement.GetProperty("findings").EnumerateArray().ShouldNotContain(f => f.GetProperty("code").GetString()!.StartsWith("srv-target", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plan_JudgesTheTargetOnTheZonesData_WhenDnsCannotConfirmIt()
    {
        var id = _scope.AddExampleZone(extraSets: 40);
        Emulator.RemoveRecordSet(id, "matrix.example.com", "A").ShouldBeTrue();
        Emulator.PutRecordSet(id, "matrix.example.com", "CNAME", 300, "edge.example.net");
        Emulator.ResetCounts();

        var plan = await Run(["plan", .. Delegation, "--format", "json"]);

        plan.ExitCode.ShouldBe(0, plan.ToString());
        Emulator.Count("ListResourceRecordSets").ShouldBe(2);
        using var json = JsonDocument.Parse(plan.Stdout);
        json.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()).ShouldContain("srv-target-is-cname");
    }

    [Fact]
    public async Task ApplyPlanFile_RefusesStalePlan_WhenASetChanged_AndChangesNothing()
    {
        var id = _scope.AddExampleZone();
        var planFile = Path.Combine(_scope.Home, "plan.json");
        var plan = await Run(["plan", .. Delegation, "--out", planFile]);
        plan.ExitCode.ShouldBe(0, plan.ToString());

        Emulator.PutRecordSet(id, "_matrix-fed._tcp.example.com", "SRV", 300, "5 0 443 other.example.com.");
        var before = Emulator.RecordSets(id);
        var apply = await Run(["apply", planFile, "--skip-proof"]);

        apply.ExitCode.ShouldBe(1, apply.ToString());
        apply.Stderr.ShouldContain("changed since plan");
        Emulator.RecordSets(id).ShouldBe(before);
        Emulator.ChangesApplied.ShouldBe(0);
    }

    [Fact]
    public async Task Apply_ConvergesThroughAThrottleStorm_WithExactlyOneChange()
    {
        var id = _scope.AddExampleZone();
        var storm = new FaultRule(FaultKind.Throttling) { Probability = 0.5, Seed = 7 };
        Emulator.AddFault(storm);

        var apply = await Run(["apply", "--skip-proof", .. Delegation, "--yes"]);

        apply.ExitCode.ShouldBe(0, apply.ToString());
        storm.Fired.ShouldBeGreaterThan(0);
        Emulator.ChangesApplied.ShouldBe(1);
        Emulator.FindRecordSet(id, "_matrix._tcp.example.com", "SRV").ShouldNotBeNull();

        Emulator.ClearFaults();
        var again = await Run(["plan", .. Delegation, "--detailed-exitcode"]);
        again.ExitCode.ShouldBe(0, again.ToString());
    }

    [Fact]
    public async Task Plan_ReadsTheSameNumberOfTimes_ForTenAndFiveThousandSetZones()
    {
        _scope.AddExampleZone("small.test", extraSets: 8);
        _scope.AddExampleZone("large.test", extraSets: 5000);

        async Task<IReadOnlyDictionary<string, int>> CountsFor(string server)
        {
            Emulator.ResetCounts();
            var r = await Run(["plan", "--provider", "route53", "--server-name", server, "--target", $"matrix.{server}:8448"]);
            r.ExitCode.ShouldBe(0, r.ToString());
            return Emulator.Counts();
        }

        var small = await CountsFor("small.test");
        var large = await CountsFor("large.test");

        large.ShouldBe(small);
        large["ListResourceRecordSets"].ShouldBeLessThanOrEqualTo(2);
        large.ContainsKey("ChangeResourceRecordSets").ShouldBeFalse();
    }

    [Fact]
    public async Task Plan_UsesThePublicZone_UnlessPrivateIsAsked()
    {
        var privateId = _scope.AddExampleZone(isPrivate: true);
        _scope.AddExampleZone();

        var publicPlan = await Run(["plan", .. Delegation, "--format", "json"]);
        publicPlan.ExitCode.ShouldBe(0, publicPlan.ToString());
        publicPlan.Stdout.ShouldNotContain(privateId);

        var apply = await Run(["apply", "--skip-proof", .. Delegation, "--route53-private", "--yes"]);
        apply.ExitCode.ShouldBe(0, apply.ToString());
        Emulator.FindRecordSet(privateId, "_matrix-fed._tcp.example.com", "SRV").ShouldNotBeNull();
    }

    [Fact]
    public async Task WrongSecret_GivesOneClearLine_AndExit1()
    {
        _scope.AddExampleZone();

        var r = await Run(["plan", .. Delegation], _scope.CliEnvironment(secret: "wrong-secret-value"));

        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stderr.ShouldContain("SignatureDoesNotMatch");
        r.Stderr.ShouldContain("AWS_SECRET_ACCESS_KEY");
        r.Stderr.ShouldNotContain("wrong-secret-value");
        r.Stderr.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task MissingCredentials_SayWhereCredentialsAreLookedFor()
    {
        _scope.AddExampleZone();
        var env = _scope.CliEnvironment();
        env["AWS_ACCESS_KEY_ID"] = null;
        env["AWS_SECRET_ACCESS_KEY"] = null;

        var r = await Run(["plan", .. Delegation], env);

        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stderr.ShouldContain("No AWS credentials");
        r.Stderr.ShouldContain("AWS_PROFILE");
        Emulator.Counts().ShouldBeEmpty();
    }

    [Fact]
    public async Task Profile_FromTheSharedCredentialsFile_IsUsed()
    {
        _scope.AddExampleZone();
        var credentials = Path.Combine(_scope.Home, "credentials");
        await File.WriteAllTextAsync(credentials, $"[matrix-dns]\naws_access_key_id = {_scope.AccessKeyId}\naws_secret_access_key = {EmulatorScope.Secret}\n");
        var env = _scope.CliEnvironment();
        env["AWS_ACCESS_KEY_ID"] = null;
        env["AWS_SECRET_ACCESS_KEY"] = null;
        env["AWS_SHARED_CREDENTIALS_FILE"] = credentials;

        var viaOption = await Run(["plan", .. Delegation, "--route53-profile", "matrix-dns"], env);
        viaOption.ExitCode.ShouldBe(0, viaOption.ToString());

        env["AWS_PROFILE"] = "matrix-dns";
        var viaVariable = await Run(["plan", .. Delegation], env);
        viaVariable.ExitCode.ShouldBe(0, viaVariable.ToString());

        var unknown = await Run(["plan", .. Delegation, "--route53-profile", "nope"], env);
        unknown.ExitCode.ShouldBe(1, unknown.ToString());
        unknown.Stderr.ShouldContain("No AWS profile 'nope'");
    }

    [Fact]
    public async Task Endpoint_OptionBeatsServiceVariable_WhichBeatsGlobalVariable()
    {
        _scope.AddExampleZone();
        const string Dead = "http://127.0.0.1:9/";
        var emulator = Emulator.Endpoint.AbsoluteUri;

        var env = _scope.CliEnvironment();
        env["AWS_ENDPOINT_URL_ROUTE_53"] = null;
        env["AWS_ENDPOINT_URL"] = emulator;
        (await Run(["plan", .. Delegation], env)).ExitCode.ShouldBe(0);

        env["AWS_ENDPOINT_URL_ROUTE_53"] = emulator;
        env["AWS_ENDPOINT_URL"] = Dead;
        (await Run(["plan", .. Delegation], env)).ExitCode.ShouldBe(0);

        env["AWS_ENDPOINT_URL_ROUTE_53"] = Dead;
        (await Run(["plan", .. Delegation, "--route53-endpoint", emulator], env)).ExitCode.ShouldBe(0);

        var r = await Run(["plan", .. Delegation, "--route53-endpoint", "not a url"], env);
        r.ExitCode.ShouldBe(1);
        r.Stderr.ShouldContain("--route53-endpoint");
    }

    [Fact]
    public async Task Providers_ListsRoute53_WithItsOptions()
    {
        var r = await Run(["providers"]);

        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("route53");
        r.Stdout.ShouldContain("--route53-hosted-zone-id");
        r.Stdout.ShouldContain("--route53-rate-limit");
    }
}
