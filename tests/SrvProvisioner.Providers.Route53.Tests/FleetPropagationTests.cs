using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Fleet;
using SrvProvisioner.Core.Migration;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Testing.Route53;

namespace SrvProvisioner.Providers.Route53.Tests;

/// <summary>
/// A fleet against the emulator in process: a batch's INSYNC wait must not hold one of the
/// fleet's parallel slots, or own-zone fleets run at slots ÷ INSYNC time instead of the rate
/// limit (about a minute per change on AWS).
/// </summary>
public sealed class FleetPropagationTests : IAsyncLifetime
{
    private static readonly string[] Customers = ["alpha.test", "bravo.test", "charlie.test"];

    private EmulatorScope _scope = null!;

    private Route53Emulator Emulator => _scope.Emulator;

    public async Task InitializeAsync() => _scope = await EmulatorScope.StartAsync();

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    [Fact]
    public async Task Apply_WritesEveryZone_WhileTheFirstChangeIsStillPending_WithOneSlot()
    {
        foreach (var customer in Customers)
        {
            _scope.AddExampleZone(customer);
        }

        await using var provider = _scope.CreateProvider();
        var fleet = new FleetFile(
            "fleet.yaml",
            [new FleetProviderBlock("main", "route53", new Dictionary<string, FleetValue>(), "fleet.yaml")],
            [.. Customers.Select(c => new FleetDomain(new DelegationRequest(DnsName.Parse(c), [SrvRecord.Parse($"10 0 8448 matrix.{c}.")]), "main", "fleet.yaml"))]);
        await using var runner = new FleetRunner(fleet, _ => (provider, new Route53ProviderFactory().Capabilities, new ProviderReference("route53", new Dictionary<string, string>())), new ServedTargets(), null, NoProof, parallel: 1);

        // No change reports INSYNC until all three have been written.
        Emulator.InSyncAfterPolls = int.MaxValue;
        var apply = runner.ApplyAsync(default);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (Emulator.ChangesApplied < Customers.Length && !apply.IsCompleted && !bound.IsCancellationRequested)
        {
            await Task.Delay(20);
        }

        var writtenWhilePending = Emulator.ChangesApplied;
        Emulator.InSyncAfterPolls = 0;
        var results = await apply;

        writtenWhilePending.ShouldBe(Customers.Length, "with one slot, the later zones must be written while the first change is PENDING");
        results.Select(r => r.Outcome).ShouldAllBe(o => o == FleetOutcome.Applied);
        Emulator.Count("GetChange").ShouldBeGreaterThanOrEqualTo(Customers.Length);
    }

    /// <summary>
    /// Batching is under test, not the gate: the proof is skipped and the well-known fetch asks a
    /// closed resolver port, so it ends at once ("could not tell").
    /// </summary>
    private static MigrationSettings NoProof => new(new VerifySettings(TimeSpan.FromSeconds(2)) { DnsServer = $"127.0.0.1:{Testing.Net.FreePort.Find()}" }) { SkipProof = true };

    /// <summary>DNS already serves every target, so plans read only the delegation's names.</summary>
    private sealed class ServedTargets : ITargetLookup
    {
        public Task<TargetObservation> LookupAsync(DnsName target, CancellationToken cancellationToken) =>
            Task.FromResult(new TargetObservation(target, "test DNS") { Addresses = ["192.0.2.10"] });
    }
}
