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
            choice.Reference,
            new LazyTargetLookup(() => new DnsTargetLookup(dnsServers, checkOptions.Timeout)),
            PlanComponents.CreateConfigPlanner(),
            PlanComponents.CreateChecks(checkOptions));
        return await service.PlanAsync(request, cancellationToken);
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
