using System.Text.Json.Nodes;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Tests.Planning;

public sealed class PlanJsonTests
{
    private static Plan SamplePlan()
    {
        var server = DnsName.ParseServerName("example.com");
        var fed = MatrixSrvNames.Fed(server);
        var legacy = MatrixSrvNames.Legacy(server);
        var before = new RecordSet(legacy, RecordType.Srv, 300, ["5 0 443 old.example.com."]) { Version = "etag-1" };
        var want = new[] { SrvRecord.Parse("10 0 8448 matrix.example.com.") };
        return new Plan(
            new DelegationRequest(server, want),
            new ProviderReference("zonefile", new Dictionary<string, string> { ["--zone-file"] = "/tmp/z" }),
            new HostedZone(DnsName.Parse("example.com"), "/tmp/z"),
            [before],
            [new RecordSetChange(null, RecordSet.Srv(fed, 3600, want)), new RecordSetChange(before, RecordSet.Srv(legacy, 3600, want))],
            [new ConfigFilePlan("/etc/matrix/homeserver.yaml", "synapse", "abc", [new ConfigChange("serve_server_wellknown", ChangeAction.Update, "true", "false")]) { Diff = "-a\n+b\n" }],
            [new Finding(Severity.Warning, "some-code", "a message") { BlocksApply = true }],
            DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ToJson_FollowsTheDesignContract()
    {
        var json = JsonNode.Parse(PlanJson.Serialize(SamplePlan()))!.AsObject();
        json["serverName"]!.GetValue<string>().ShouldBe("example.com");
        var changes = json["changes"]!.AsArray();
        changes.Count.ShouldBe(3);
        var create = changes[0]!;
        create["kind"]!.GetValue<string>().ShouldBe("dns");
        create["action"]!.GetValue<string>().ShouldBe("create");
        create["name"]!.GetValue<string>().ShouldBe("_matrix-fed._tcp.example.com.");
        create["type"]!.GetValue<string>().ShouldBe("SRV");
        create["before"]!.AsArray().Count.ShouldBe(0);
        create["after"]![0]!.GetValue<string>().ShouldBe("10 0 8448 matrix.example.com.");
        changes[1]!["before"]![0]!.GetValue<string>().ShouldBe("5 0 443 old.example.com.");
        var config = changes[2]!;
        config["kind"]!.GetValue<string>().ShouldBe("config");
        config["setting"]!.GetValue<string>().ShouldBe("serve_server_wellknown");
        config["before"]!.GetValue<bool>().ShouldBeTrue();
        config["after"]!.GetValue<bool>().ShouldBeFalse();
        json["findings"]![0]!["severity"]!.GetValue<string>().ShouldBe("warning");
    }

    [Fact]
    public void SerializeThenDeserialize_KeepsEverythingApplyNeeds()
    {
        var plan = SamplePlan();
        var back = PlanJson.Deserialize(PlanJson.Serialize(plan), "test");
        back.Request.ShouldBe(plan.Request);
        back.Zone.ShouldBe(plan.Zone);
        back.Provider.Settings.ShouldBe(plan.Provider.Settings);
        back.DnsChanges.Count.ShouldBe(2);
        back.DnsChanges[1].Before!.Version.ShouldBe("etag-1");
        back.DnsChanges[1].Before!.Matches(plan.DnsChanges[1].Before!).ShouldBeTrue();
        back.DnsChanges[0].Before.ShouldBeNull();
        back.ConfigFiles.ShouldHaveSingleItem().Changes.ShouldBe(plan.ConfigFiles[0].Changes);
        back.Findings.ShouldHaveSingleItem().BlocksApply.ShouldBeTrue();
        back.CreatedAt.ShouldBe(plan.CreatedAt);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"formatVersion\": 99}")]
    [InlineData("{\"formatVersion\": 1, \"serverName\": \"example.com\"}")]
    public void Deserialize_RefusesWhatIsNotAPlan_WithOneClearError(string text)
    {
        var ex = Should.Throw<InvalidInputException>(() => PlanJson.Deserialize(text, "plan.json"));
        ex.Message.ShouldContain("plan.json");
    }

    [Fact]
    public void Deserialize_RefusesTamperedPortOutOfRange()
    {
        var json = JsonNode.Parse(PlanJson.Serialize(SamplePlan()))!.AsObject();
        json["request"]!["records"]![0] = "10 0 70000 matrix.example.com.";
        Should.Throw<InvalidInputException>(() => PlanJson.Deserialize(json.ToJsonString(), "plan.json"));
    }

    [Theory]
    [InlineData("plan-v1-create-config.json")]
    [InlineData("plan-v1-update-playbook.json")]
    [InlineData("plan-v1-finding.json")]
    public void Serialize_OfAPlanFileOfTheCurrentRelease_WritesTheSameDocumentWithoutNullMembers(string fixture)
    {
        var text = File.ReadAllText(FixturePath(fixture));
        var expected = WithoutNullMembers(JsonNode.Parse(text)!);

        var written = JsonNode.Parse(PlanJson.Serialize(PlanJson.Deserialize(text, fixture)))!;

        JsonNode.DeepEquals(written, expected).ShouldBeTrue($"expected\n{expected.ToJsonString()}\nwritten\n{written.ToJsonString()}");
    }

    [Fact]
    public void Deserialize_ReadsAPlanFileOfTheCurrentRelease_WithUpdatesAndConfigCreates()
    {
        var plan = PlanJson.Deserialize(File.ReadAllText(FixturePath("plan-v1-update-playbook.json")), "fixture");

        plan.ServerName.Value.ShouldBe("example.com");
        plan.Provider.Name.ShouldBe("zonefile");
        plan.Provider.Settings["--zone-file"].ShouldBe("/tmp/oneway-fx/two/example.com.zone");
        plan.DnsChanges.Select(c => c.Action).ShouldBe([ChangeAction.Create, ChangeAction.Update]);
        var update = plan.DnsChanges[1];
        update.Before!.Ttl.ShouldBe(300u);
        update.Before.Values.ShouldBe(["10 5 8448 old.example.com."]);
        update.After!.Values.ShouldBe(["10 0 8448 matrix.example.com."]);
        var config = plan.ConfigFiles.ShouldHaveSingleItem();
        config.Kind.ShouldBe("playbook");
        var change = config.Changes.ShouldHaveSingleItem();
        change.Setting.ShouldBe("matrix_static_files_file_matrix_server_enabled");
        change.Action.ShouldBe(ChangeAction.Create);
        change.Before.ShouldBeNull();
        change.After.ShouldBe("false");
    }

    [Fact]
    public void Deserialize_ReadsAPlanFileOfTheCurrentRelease_WithABlockingFinding()
    {
        var plan = PlanJson.Deserialize(File.ReadAllText(FixturePath("plan-v1-finding.json")), "fixture");

        var finding = plan.Findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe("srv-target-is-cname");
        finding.Severity.ShouldBe(Severity.Error);
        finding.BlocksApply.ShouldBeFalse();
        plan.DnsChanges.ShouldAllBe(c => c.Action == ChangeAction.Create && c.Before == null);
    }

    [Fact]
    public void Serialize_WritesApostrophesAndNonAsciiAsThemselves_EscapesControlCharacters_AndLeavesOutNullMembers()
    {
        var plan = SamplePlan() with
        {
            Findings = [new Finding(Severity.Warning, "some-code", "the target's name is \u00e9t\u00e9 + <b> \u001b[31mred")],
        };

        var text = PlanJson.Serialize(plan);

        text.ShouldContain("the target's name is \u00e9t\u00e9 + <b> ");
        text.ShouldNotContain("\\u0027");
        text.ShouldNotContain("\u001b");
        text.ShouldContain("\\u001B[31mred");
        var findingNode = JsonNode.Parse(text)!["findings"]![0]!.AsObject();
        findingNode.ContainsKey("blocksApply").ShouldBeFalse();
        var create = JsonNode.Parse(text)!["changes"]![0]!.AsObject();
        create.ContainsKey("ttlBefore").ShouldBeFalse();
    }

    [Fact]
    public void Serialize_KeepsNullConfigValues_BecauseTheyMeanTheKeyIsAbsent()
    {
        var plan = SamplePlan() with
        {
            ConfigFiles = [new ConfigFilePlan("/etc/x.yaml", "playbook", "abc", [new ConfigChange("some_key", ChangeAction.Create, null, "false")])],
        };

        var change = JsonNode.Parse(PlanJson.Serialize(plan))!["changes"]![2]!.AsObject();

        change.ContainsKey("before").ShouldBeTrue();
        change["before"].ShouldBeNull();
        change["after"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Theory]
    [InlineData("{\"formatVersion\": 1, \"serverName\": \"example.com\", \"changes\": [{\"kind\": \"proxy\", \"action\": \"create\"}]}")]
    [InlineData("{\"formatVersion\": 1, \"serverName\": \"example.com\", \"changes\": [null]}")]
    [InlineData("{\"formatVersion\": 1, \"serverName\": \"example.com\", \"request\": {\"records\": [null], \"ttl\": 3600, \"services\": \"both\"}}")]
    [InlineData("{\"formatVersion\": \"1\"}")]
    public void Deserialize_RefusesMalformedMembers_WithOneClearError(string text)
    {
        var ex = Should.Throw<InvalidInputException>(() => PlanJson.Deserialize(text, "plan.json"));
        ex.Message.ShouldContain("plan.json");
    }

    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Planning", "Fixtures", name);

    private static JsonNode WithoutNullMembers(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                // Config values keep their null: it means "key absent" (DESIGN.md, JSON output).
                var keepNulls = o["kind"]?.GetValue<string>() == "config";
                foreach (var key in o.Where(kv => kv.Value is null && !(keepNulls && kv.Key is "before" or "after")).Select(kv => kv.Key).ToList())
                {
                    o.Remove(key);
                }

                foreach (var (_, value) in o)
                {
                    if (value is not null)
                    {
                        WithoutNullMembers(value);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a.OfType<JsonNode>())
                {
                    WithoutNullMembers(item);
                }

                break;
        }

        return node;
    }
}
