using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.IO;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Providers.ZoneFile.MasterFile;

namespace SrvProvisioner.Providers.ZoneFile;

/// <summary>
/// A zone kept in an RFC 1035 master file (BIND, Knot, NSD, PowerDNS bind backend). Apply
/// rewrites only the changed record lines, bumps the SOA serial, and replaces the file through
/// <see cref="AtomicFileReplacer"/> (lock, backup, owner and mode kept, links followed). Reload the DNS server afterwards (<c>rndc reload</c>).
/// </summary>
internal sealed class ZoneFileProvider : IDnsProvider
{
    private readonly string _path;
    private readonly DnsName? _origin;
    private readonly TimeProvider _time;
    private readonly AtomicFileReplacer _replacer;

    // The last parse, reused while the file's text is exactly the same: a fleet plans many
    // domains of one zone file, and parsing dominates reading. Shared by every provider of this
    // process (plan and apply each create one), so one apply parses the current text once and
    // its result once (issue 17: apply parsed a 40,000-record zone three times).
    private static volatile ParsedZone? _lastParse;

    public ZoneFileProvider(string path, DnsName? origin, TimeProvider? time = null)
    {
        _path = path;
        _origin = origin;
        _time = time ?? TimeProvider.System;
        _replacer = new AtomicFileReplacer(_time, AtomicFileReplacer.DefaultLockWait);
    }



    public async Task<HostedZone> FindZoneAsync(DnsName name, CancellationToken cancellationToken)
    {
        var (text, origin, _, _) = await LoadAsync(cancellationToken);
        if (!name.IsAtOrBelow(origin))
        {
            throw new InvalidInputException($"Zone {origin.Fqdn} in {_path} does not enclose {name.Fqdn}: give the zone file of {name.Value} (or --zone if its origin is not in the file).");
        }

        _ = text;
        return new HostedZone(origin, Path.GetFullPath(_path));
    }

    public async Task<IReadOnlyList<RecordSet>> GetRecordSetsAsync(HostedZone zone, IReadOnlyList<RecordSetKey> keys, CancellationToken cancellationToken)
    {
        var (_, _, sets, _) = await LoadAsync(cancellationToken);
        return [.. sets.Where(s => keys.Contains(s.Key))];
    }

    public async Task ApplyAsync(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes.Where(c => c.Key.Type == RecordType.Txt))
        {
            // RFC 8555 §8.4: only challenge TXT sets are srvprov's; every other TXT line is kept as opaque text.
            if (change.Key.Name.Labels.Count == 0 || !string.Equals(change.Key.Name.Labels[0], "_acme-challenge", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidInputException($"srvprov writes TXT records only at _acme-challenge names, not at {change.Key.Name.Fqdn}; {_path} was left unchanged.");
            }
        }

        // The edit is computed from the bytes read under the replacer's lock, so a second run
        // on the same file sees the first one's records (no lost update) or refuses as stale.
        try
        {
            await _replacer.EditAsync(_path, InputKind.ZoneFile, current => Edit(current, changes, cancellationToken), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProviderException($"Cannot write zone file {_path}: {ex.Message}; it was left unchanged.", ex);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private byte[] Edit(byte[] current, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken)
    {
        var (text, origin, sets, layout) = Parse(current);
        var stale = changes.Where(c => !StillHolds(c, sets)).Select(c => c.Key.Name.Fqdn).ToList();
        if (stale.Count > 0)
        {
            throw new StalePlanException($"{string.Join(", ", stale)} in {_path} changed since plan; nothing was applied. Run plan again.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var newText = MasterFileEditor.Apply(layout, changes, today);
        cancellationToken.ThrowIfCancellationRequested();
        var (afterSets, afterLayout) = ZoneFileReader.ParseWithLayout(newText, origin, _path);
        VerifyOnlyPlannedSetsChanged(sets, afterSets, changes);
        _lastParse = new ParsedZone(Path.GetFullPath(_path), _origin, newText, origin, afterSets, afterLayout);
        return ZoneFileText.Encode(newText, ZoneFileText.HasBom(current));
    }

    private static bool StillHolds(RecordSetChange change, IReadOnlyList<RecordSet> sets)
    {
        var now = sets.FirstOrDefault(s => s.Key == change.Key);
        return change.Before is null ? now is null : now is not null && now.Matches(change.Before);
    }

    /// <summary>
    /// The edit is checked by parsing its result: every set other than the planned ones must
    /// be exactly as before, and the planned ones exactly as wanted. Anything else is a bug,
    /// and the file is left untouched.
    /// </summary>
    private void VerifyOnlyPlannedSetsChanged(IReadOnlyList<RecordSet> before, IReadOnlyList<RecordSet> after, IReadOnlyList<RecordSetChange> changes)
    {
        var planned = changes.Select(c => c.Key).ToHashSet();
        var expected = before.Where(s => !planned.Contains(s.Key)).Concat(changes.Where(c => c.After is not null).Select(c => c.After!)).ToList();

        // By key, not pairwise: a 40,000-set zone compared each set with every other (quadratic).
        var afterByKey = after.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.ToList());
        var ok = expected.Count == after.Count && expected.All(e => afterByKey.TryGetValue(e.Key, out var found) && found.Any(a => a.Matches(e)));
        if (!ok)
        {
            throw new ProviderException($"Editing {_path} would have changed more than the planned record sets; the file was left untouched. Please report this with the zone file.");
        }
    }

    private async Task<(string Text, DnsName Origin, IReadOnlyList<RecordSet> Sets, MasterFileLayout Layout)> LoadAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await InputFile.ReadAllBytesAsync(_path, InputKind.ZoneFile, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"Cannot read zone file {_path}: {ex.Message}", ex);
        }

        return Parse(bytes);
    }

    private (string Text, DnsName Origin, IReadOnlyList<RecordSet> Sets, MasterFileLayout Layout) Parse(byte[] bytes)
    {
        var text = ZoneFileText.Decode(bytes);
        var fullPath = Path.GetFullPath(_path);
        if (_lastParse is { } cached && cached.FullPath == fullPath && cached.OriginOption == _origin && string.Equals(cached.Text, text, StringComparison.Ordinal))
        {
            return (cached.Text, cached.Origin, cached.Sets, cached.Layout);
        }

        var origin = _origin ?? ZoneOriginDetector.Detect(text, _path);
        var (sets, layout) = ZoneFileReader.ParseWithLayout(text, origin, _path);
        _lastParse = new ParsedZone(fullPath, _origin, text, origin, sets, layout);
        return (text, origin, sets, layout);
    }

    private sealed record ParsedZone(string FullPath, DnsName? OriginOption, string Text, DnsName Origin, IReadOnlyList<RecordSet> Sets, MasterFileLayout Layout);
}
