using System.CommandLine;
using SrvProvisioner.Cli.Composition;
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
        var checkOptions = options.GetCheckOptions(parse);
        var dnsServers = DnsServers(checkOptions.DnsServer);
        var service = new PlanService(
            provider,
            choice.Factory.Capabilities,
            choice.Reference,
            new LazyTargetLookup(() => new DnsTargetLookup(dnsServers, checkOptions.Timeout)),
            PlanComponents.CreateConfigPlanner(),
            PlanComponents.CreateChecks(checkOptions));
        return await service.PlanAsync(request, cancellationToken);
    }

    /// <summary>The DNS lookup of SRV targets, honouring <c>--dns-server</c> and <c>--timeout</c>; fleets use it for every domain.</summary>
    public static ITargetLookup CreateTargetLookup(PlanOptions options, ParseResult parse)
    {
        var checkOptions = options.GetCheckOptions(parse);
        var dnsServers = DnsServers(checkOptions.DnsServer);
        return new LazyTargetLookup(() => new DnsTargetLookup(dnsServers, checkOptions.Timeout));
    }

    private static List<System.Net.IPEndPoint>? DnsServers(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return [Core.Discovery.DnsServerAddress.Parse(text)];
    }
}
