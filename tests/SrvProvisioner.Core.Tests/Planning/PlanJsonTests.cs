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
        var json = PlanJson.ToJson(SamplePlan());
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
        var json = PlanJson.ToJson(SamplePlan());
        json["request"]!["records"]![0] = "10 0 70000 matrix.example.com.";
        Should.Throw<InvalidInputException>(() => PlanJson.Deserialize(json.ToJsonString(), "plan.json"));
    }
}
