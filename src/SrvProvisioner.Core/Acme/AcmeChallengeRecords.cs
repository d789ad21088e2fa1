using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Acme;

/// <summary>
/// Adds and removes one DNS-01 value in the TXT set at its <c>_acme-challenge</c> name through
/// any provider, keeping every other value there: a client may have several challenges for
/// the same name pending at once (a certificate for <c>example.com</c> and
/// <c>*.example.com</c>). Each write is conditional on the set as just read (Before = what was
/// read, After = that plus or minus the value), and is retried when another run changed the
/// set in between.
/// </summary>
public sealed class AcmeChallengeRecords(IDnsProvider provider, TimeProvider? time = null)
{
    /// <summary>How often a write that lost a race with another hook run is tried again.</summary>
    public const int Attempts = 6;

    /// <summary>Short, so a removed value is not cached long (RFC 8555 §8.4 puts no bound on it).</summary>
    public const uint DefaultTtl = 60;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Publishes the value; true when it was written, false when it was already there.</summary>
    public Task<bool> AddAsync(HostedZone zone, AcmeChallenge challenge, uint ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return ChangeAsync(zone, challenge, current =>
        {
            if (current is not null && current.Values.Contains(challenge.TxtValue, StringComparer.Ordinal))
            {
                return null;
            }

            var values = (current?.Values ?? []).Append(challenge.TxtValue);
            return new RecordSetChange(current, new RecordSet(challenge.Name, RecordType.Txt, current?.Ttl ?? ttl, values));
        }, cancellationToken);
    }

    /// <summary>Removes exactly the value (the set goes when it was the last); false when it was not there.</summary>
    public Task<bool> RemoveAsync(HostedZone zone, AcmeChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return ChangeAsync(zone, challenge, current =>
        {
            if (current is null || !current.Values.Contains(challenge.TxtValue, StringComparer.Ordinal))
            {
                return null;
            }

            var rest = current.Values.Where(v => !string.Equals(v, challenge.TxtValue, StringComparison.Ordinal)).ToList();
            return new RecordSetChange(current, rest.Count == 0 ? null : new RecordSet(challenge.Name, RecordType.Txt, current.Ttl, rest));
        }, cancellationToken);
    }

    /// <summary>The values at the challenge name now.</summary>
    public async Task<IReadOnlyList<string>> ReadAsync(HostedZone zone, AcmeChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var sets = await provider.GetRecordSetsAsync(zone, [challenge.Key], cancellationToken);
        return sets.FirstOrDefault(s => s.Key == challenge.Key)?.Values ?? [];
    }

    private async Task<bool> ChangeAsync(HostedZone zone, AcmeChallenge challenge, Func<RecordSet?, RecordSetChange?> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        for (var attempt = 1; ; attempt++)
        {
            var sets = await provider.GetRecordSetsAsync(zone, [challenge.Key], cancellationToken);
            var change = decide(sets.FirstOrDefault(s => s.Key == challenge.Key));
            if (change is null)
            {
                return false;
            }

            try
            {
                await provider.ApplyAsync(zone, [change], cancellationToken);
                return true;
            }
            catch (StalePlanException ex) when (attempt < Attempts)
            {
                // Another hook run changed the set between our read and our write; the
                // conditional write touched nothing, so read again and redo it.
                _ = ex;
                var delay = TimeSpan.FromMilliseconds((100 * attempt) + Random.Shared.Next(100));
                await Task.Delay(delay, _time, cancellationToken);
            }
            catch (StalePlanException ex)
            {
                throw new StalePlanException($"{challenge.Name.Fqdn} TXT kept changing while srvprov wrote it ({Attempts} tries); nothing of this run was written. Run the hook again.", ex);
            }
        }
    }
}
