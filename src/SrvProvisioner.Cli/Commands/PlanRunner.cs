using System.CommandLine;
using SrvProvisioner.Cli.Composition;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Cli.Commands;

/// <summary>Computes a plan from the command line: shared by plan and apply.</summary>
internal static class PlanRunner
{
    public static async Task<Plan> PlanAsync(PlanOptions options, ParseResult parse, ProviderChoice choice, IDnsProvider provider, CancellationToken cancellationToken)
    {
        var request = options.GetRequest(parse);
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

        if (!System.Net.IPEndPoint.TryParse(text, out var endpoint))
        {
            throw new Core.Errors.InvalidInputException($"--dns-server '{text}' is not IP[:PORT].");
        }

        if (endpoint.Port == 0)
        {
            endpoint.Port = 53;
        }

        return [endpoint];
    }
}
