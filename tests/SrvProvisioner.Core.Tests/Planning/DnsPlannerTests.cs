using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Tests.Planning;

public sealed class DnsPlannerTests
{
    private static readonly DnsName Server = DnsName.ParseServerName("example.com");
    private static readonly DnsName Fed = DnsName.Parse("_matrix-fed._tcp.example.com");
    private static readonly DnsName Legacy = DnsName.Parse("_matrix._tcp.example.com");
    private static readonly SrvRecord Matrix = SrvRecord.Parse("10 0 8448 matrix.example.com.");
    private static readonly TargetObservation MatrixHasAddress = new(DnsName.Parse("matrix.example.com"), "test") { Addresses = ["192.0.2.1"] };

    private static DelegationRequest Request(MatrixServices services = MatrixServices.Both, uint ttl = 3600) => new(Server, [Matrix], ttl, services);

    private static RecordSet Srv(DnsName name, uint ttl, params string[] values) => new(name, RecordType.Srv, ttl, values);

    [Fact]
    public void Plan_CreatesBothNames_WhenNothingExists()
    {
        var plan = DnsPlanner.Plan(Request(), [], [MatrixHasAddress]);
        plan.Changes.Select(c => (c.Action, c.Key.Name.Value)).ShouldBe([(ChangeAction.Create, Fed.Value), (ChangeAction.Create, Legacy.Value)]);
        plan.Changes.ShouldAllBe(c => c.After!.Values.SequenceEqual(new[] { "10 0 8448 matrix.example.com." }));
        plan.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_HasNoChanges_WhenBothNamesAlreadyMatch()
    {
        var observed = new[] { Srv(Fed, 3600, "10 0 8448 matrix.example.com."), Srv(Legacy, 3600, "10 0 8448 MATRIX.example.com") };
        var plan = DnsPlanner.Plan(Request(), observed, [MatrixHasAddress]);
        plan.Changes.ShouldBeEmpty();
        plan.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_UpdatesWithExactBefore_WhenDataDiffers()
    {
        var old = Srv(Legacy, 300, "0 0 443 old.example.com.");
        var plan = DnsPlanner.Plan(Request(), [Srv(Fed, 3600, "10 0 8448 matrix.example.com."), old], [MatrixHasAddress]);
        var change = plan.Changes.ShouldHaveSingleItem();
        change.Action.ShouldBe(ChangeAction.Update);
        change.Before.ShouldBe(old);
    }

    [Fact]
    public void Plan_ReportsTtlOnlyDifference_AndStillUpdates()
    {
        var observed = new[] { Srv(Fed, 300, "10 0 8448 matrix.example.com."), Srv(Legacy, 3600, "10 0 8448 matrix.example.com.") };
        var plan = DnsPlanner.Plan(Request(), observed, [MatrixHasAddress]);
        plan.Changes.ShouldHaveSingleItem().Key.Name.ShouldBe(Fed);
        plan.Findings.ShouldHaveSingleItem().Code.ShouldBe(FindingCodes.TtlOnlyDifference);
    }

    [Fact]
    public void Plan_BlocksApply_WhenSrvNameIsACname()
    {
        var cname = new RecordSet(Fed, RecordType.Cname, 300, ["elsewhere.example.net."]);
        var plan = DnsPlanner.Plan(Request(), [cname], [MatrixHasAddress]);
        var finding = plan.Findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe(FindingCodes.CnameAtSrvName);
        finding.Severity.ShouldBe(Severity.Error);
        finding.BlocksApply.ShouldBeTrue();
    }

    [Fact]
    public void Plan_WarnsThatFedWins_WhenOnlyLegacyIsPublishedAndFedDisagrees()
    {
        var observed = new[] { Srv(Fed, 3600, "10 0 8448 stale.example.com.") };
        var plan = DnsPlanner.Plan(Request(MatrixServices.Legacy), observed, [MatrixHasAddress]);
        plan.Changes.ShouldHaveSingleItem().Key.Name.ShouldBe(Legacy);
        var finding = plan.Findings.Single(f => f.Code == FindingCodes.FedLegacyMismatch);
        finding.Severity.ShouldBe(Severity.Error);
        finding.Message.ShouldContain("stale.example.com");
    }

    [Fact]
    public void Plan_LeavesLegacyAlone_AndSaysSo_WhenOnlyFedIsAsked()
    {
        var plan = DnsPlanner.Plan(Request(MatrixServices.Fed), [], [MatrixHasAddress]);
        plan.Changes.ShouldHaveSingleItem().Key.Name.ShouldBe(Fed);
        plan.Findings.ShouldHaveSingleItem().Code.ShouldBe(FindingCodes.OtherServiceLeftAlone);
    }

    [Fact]
    public void Plan_ReportsTargetCname_AsError_AndMissingAddress_AsWarning()
    {
        var cname = new TargetObservation(DnsName.Parse("a.example.com"), "test") { CnameTo = DnsName.Parse("b.example.com") };
        var none = new TargetObservation(DnsName.Parse("c.example.com"), "test");
        var failed = new TargetObservation(DnsName.Parse("d.example.com"), "test") { LookupError = "SERVFAIL" };
        var plan = DnsPlanner.Plan(Request(), [], [cname, none, failed]);
        plan.Findings.Select(f => (f.Code, f.Severity)).ShouldBe(
        [
            (FindingCodes.TargetIsCname, Severity.Error),
            (FindingCodes.TargetHasNoAddress, Severity.Warning),
            (FindingCodes.TargetLookupFailed, Severity.Warning),
        ], ignoreOrder: true);
    }

    [Fact]
    public void Plan_PublishesEveryTargetWithItsOwnPriorityAndWeight()
    {
        var request = new DelegationRequest(Server, [SrvRecord.Parse("20 5 8448 b.example.com."), SrvRecord.Parse("10 0 443 a.example.com.")]);
        var plan = DnsPlanner.Plan(request, [], []);
        plan.Changes[0].After!.Values.ShouldBe(["10 0 443 a.example.com.", "20 5 8448 b.example.com."]);
    }

    [Fact]
    public void DelegationRequest_RefusesDuplicateTargets_AndTtlOutOfRange()
    {
        Should.Throw<Errors.InvalidInputException>(() => new DelegationRequest(Server, [Matrix, Matrix]));
        Should.Throw<Errors.InvalidInputException>(() => new DelegationRequest(Server, [Matrix], uint.MaxValue)).Message.ShouldContain("RFC 2181");
        Should.Throw<Errors.InvalidInputException>(() => new DelegationRequest(Server, []));
    }
}
