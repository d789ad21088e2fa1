using System.Globalization;
using SrvProvisioner.Core.Acme;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Cli.Commands.Acme;

/// <summary>
/// Runs one hook call. <c>present</c>: the zone's name servers are found first (a zone no
/// server answers for is refused before anything is written), the value is added, and the
/// hook returns once every authoritative server answers it; when they do not within the
/// timeout, the value is removed again, so a failed validation leaves nothing behind.
/// <c>cleanup</c> removes exactly its value, never the others pending at the same name.
/// </summary>
internal sealed class HookRunner(IDnsProvider provider, bool localZoneFile, HookSettings settings, CliConsole console)
{
    public async Task<int> RunAsync(HookInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var challenge = invocation.Challenge;
        var zone = await provider.FindZoneAsync(challenge.Name, cancellationToken);
        var records = new AcmeChallengeRecords(provider);
        if (!invocation.Present)
        {
            var removed = await records.RemoveAsync(zone, challenge, cancellationToken);
            await console.Error.WriteLineAsync(removed
                ? $"srvprov: removed the challenge value from {challenge.Name.Fqdn} TXT{ReloadHint(zone)}"
                : $"srvprov: {challenge.Name.Fqdn} TXT does not hold this challenge value; nothing to remove.");
            return ExitCodes.Ok;
        }

        var propagation = new AcmeChallengePropagation(provider, settings.DnsServer, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));
        var servers = await propagation.FindServersAsync(zone, cancellationToken);
        var added = await records.AddAsync(zone, challenge, settings.Ttl, cancellationToken);
        await console.Error.WriteLineAsync(added
            ? $"srvprov: added the challenge value to {challenge.Name.Fqdn} TXT{ReloadHint(zone)}"
            : $"srvprov: {challenge.Name.Fqdn} TXT already holds this challenge value.");
        try
        {
            var result = await propagation.WaitAsync(servers, challenge, settings.PropagationTimeout, cancellationToken);
            if (!result.Complete)
            {
                var lagging = string.Join("; ", result.Lagging.Select(l => $"{l.Server} {l.Detail}"));
                throw new ProviderException(string.Create(CultureInfo.InvariantCulture, $"After {result.Waited.TotalSeconds:0}s (--propagation-timeout) not every authoritative server answers the challenge value: {lagging}. The value was removed again{ReloadHint(zone)}"));
            }

            await console.Error.WriteLineAsync($"srvprov: all {servers.Count} authoritative server(s) of {zone.Name.Fqdn} answer it ({string.Join(", ", servers)}).");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (added && ex is SrvProvisionerException or OperationCanceledException)
        {
            // Nothing may stay behind when present fails: the client will not validate, and may
            // not call cleanup for a hook that failed.
            await records.RemoveAsync(zone, challenge, CancellationToken.None);
            throw;
        }
    }

    private string ReloadHint(HostedZone zone) => localZoneFile
        ? $" in {zone.Id}; reload the DNS server that serves it (e.g. rndc reload {zone.Name.Value})."
        : ".";
}
