using System.CommandLine;
using SrvProvisioner.Cli.Composition;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Cli.Commands;

/// <summary>Computes a plan from the command line: shared by plan and apply.</summary>
internal static class PlanRunner
{
    public static Task<Plan> PlanAsync(PlanOptions options, ParseResult parse, ProviderChoice choice, IDnsProvider provider, CancellationToken cancellationToken) =>
        PlanAsync(options.GetRequest(parse), options, parse, choice, provider, cancellationToken);

    /// <summary>
    /// <c>apply PLANFILE</c>: the plan computed again from the file's request, checked against
    /// the file change for change (<see cref="SavedPlanCheck"/>). Options given beside the
    /// file that disagree with it were refused before.
    /// </summary>
    public static async Task<Plan> RecomputeAsync(Plan saved, string planFile, PlanOptions options, ParseResult parse, ProviderChoice choice, IDnsProvider provider, CancellationToken cancellationToken)
    {
        var request = SavedPlanCheck.RequestOf(saved) with
        {
            CertificateFile = parse.GetValue(options.CertFile),
            CheckLive = parse.GetValue(options.CheckLive),
        };
        var fresh = await PlanAsync(request, options, parse, choice, provider, cancellationToken);
        return SavedPlanCheck.Confirm(saved, fresh, planFile);
    }

    private static async Task<Plan> PlanAsync(PlanRequest request, PlanOptions options, ParseResult parse, ProviderChoice choice, IDnsProvider provider, CancellationToken cancellationToken)
    {
        var settings = options.GetNetworkSettings(parse);
        var service = new PlanService(
            provider,
            choice.Factory.Capabilities,
            choice.Reference,
            CreateTargetLookup(settings),
            PlanComponents.CreateConfigPlanner(),
            PlanComponents.CreateChecks(settings));
        return await service.PlanAsync(request, cancellationToken);
    }

    /// <summary>The DNS lookup of SRV targets, honouring <c>--dns-server</c> and <c>--timeout</c>; fleets use it for every domain.</summary>
    public static ITargetLookup CreateTargetLookup(PlanOptions options, ParseResult parse) =>
        CreateTargetLookup(options.GetNetworkSettings(parse));

    private static LazyTargetLookup CreateTargetLookup(VerifySettings settings)
    {
        // Parsed now, so a bad --dns-server is refused even when no lookup turns out to be needed.
        var server = settings.ParseDnsServer();
        return new LazyTargetLookup(() => new DnsTargetLookup(new DiscoveryDns(server, settings.DnsQueryTimeout)));
    }
}
