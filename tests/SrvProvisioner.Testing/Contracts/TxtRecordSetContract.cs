using Shouldly;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using Xunit;

namespace SrvProvisioner.Testing.Contracts;

/// <summary>
/// What every provider keeps for ACME DNS-01 (RFC 8555 §8.4, issue 19): the TXT set at
/// <c>_acme-challenge.example.com</c> is read and written as a whole, conditionally, in the
/// canonical form of <see cref="TxtRecordText"/>. A challenge is added by reading the set and
/// applying Before = what was read, After = that plus the value; removed with After = the rest
/// (or null: delete). Two srvprov processes working at once (certbot's hooks for
/// <c>example.com</c> and <c>*.example.com</c> share the name) must never lose each other's
/// value: the one whose read is out of date gets <see cref="StalePlanException"/>, nothing is
/// written, and it retries from a new read.
/// </summary>
/// <remarks>
/// A provider's test class derives from this one, starts its server or emulator in
/// <see cref="InitializeAsync"/> with a zone <c>example.com</c> it can write, and returns a new
/// provider from <see cref="CreateProvider"/> on each call: two instances stand for two
/// processes.
/// </remarks>
public abstract class TxtRecordSetContract : IAsyncLifetime
{
    protected static readonly DnsName Challenge = DnsName.Parse("_acme-challenge.example.com");

    protected static readonly RecordSetKey ChallengeKey = new(Challenge, RecordType.Txt);

    // ACME key authorisation digests: base64url of SHA-256, 43 characters, case-sensitive (RFC 8555 §8.4).
    protected static readonly string First = TxtRecordText.FromText("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0");
    protected static readonly string Second = TxtRecordText.FromText("loqxcyv8q5onbjqxbmr7sctno3tiaxdfowyjxajeux0");
    protected static readonly string Third = TxtRecordText.FromText("Zm9vYmFyLWJhei1xdXV4LWNvcmdlLWdyYXVsdC1nYXJw");

    /// <summary>A TTL the provider's API accepts.</summary>
    protected virtual uint Ttl => 120;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>A new provider instance that can write zone example.com.</summary>
    protected abstract IDnsProvider CreateProvider();

    [Fact]
    public async Task Txt_CreatesTheSet_WhenNoChallengeIsPending()
    {
        await using var provider = CreateProvider();

        await AddAsync(provider, First);

        var now = await ReadFreshAsync();
        now.ShouldNotBeNull();
        now.Values.ShouldBe([First]);
        now.Ttl.ShouldBe(Ttl);
    }

    [Fact]
    public async Task Txt_AddsSecondValue_NextToPendingChallenge()
    {
        await using var first = CreateProvider();
        await using var second = CreateProvider();
        await AddAsync(first, First);

        await AddAsync(second, Second);

        (await ReadFreshAsync())!.Values.ShouldBe(Sorted(First, Second));
    }

    [Fact]
    public async Task Txt_RemovesOneValue_LeavingTheOtherPending()
    {
        await using var provider = CreateProvider();
        await AddAsync(provider, First);
        await AddAsync(provider, Second);

        await RemoveAsync(provider, First);

        (await ReadFreshAsync())!.Values.ShouldBe([Second]);
    }

    [Fact]
    public async Task Txt_RemovingTheLastValue_DeletesTheSet()
    {
        await using var provider = CreateProvider();
        await AddAsync(provider, First);

        await RemoveAsync(provider, First);

        (await ReadFreshAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Txt_RefusesStaleAdd_WhenAnotherChallengeWasAddedSinceTheRead_AndWritesNothing()
    {
        await using var first = CreateProvider();
        await using var second = CreateProvider();
        await AddAsync(first, First);
        var (zone, seen) = await ReadAsync(second);
        await AddAsync(first, Second);

        await Should.ThrowAsync<StalePlanException>(() => second.ApplyAsync(zone, [new RecordSetChange(seen, With(seen, Third))], default));

        (await ReadFreshAsync())!.Values.ShouldBe(Sorted(First, Second));

        // The caller retries from a new read and keeps both earlier values.
        await AddAsync(second, Third);
        (await ReadFreshAsync())!.Values.ShouldBe(Sorted(First, Second, Third));
    }

    [Fact]
    public async Task Txt_RefusesCreate_WhenTheSetAppearedSinceTheRead()
    {
        await using var first = CreateProvider();
        await using var second = CreateProvider();
        var (zone, seen) = await ReadAsync(second);
        seen.ShouldBeNull();
        await AddAsync(first, First);

        await Should.ThrowAsync<StalePlanException>(() => second.ApplyAsync(zone, [new RecordSetChange(null, With(null, Second))], default));

        (await ReadFreshAsync())!.Values.ShouldBe([First]);
    }

    [Fact]
    public async Task Txt_RefusesStaleRemove_WhenTheSetChangedSinceTheRead_AndWritesNothing()
    {
        await using var first = CreateProvider();
        await using var second = CreateProvider();
        await AddAsync(first, First);
        await AddAsync(first, Second);
        var (zone, seen) = await ReadAsync(second);
        await RemoveAsync(first, First);

        // Deleting the set seen (or writing {First}) would drop or bring back values: refused.
        await Should.ThrowAsync<StalePlanException>(() => second.ApplyAsync(zone, [new RecordSetChange(seen, Without(seen!, Second))], default));

        (await ReadFreshAsync())!.Values.ShouldBe([Second]);
    }

    [Fact]
    public async Task Txt_RoundTripsCaseSpacesQuotesEscapesAndLongValues_Exactly()
    {
        string[] values =
        [
            TxtRecordText.FromText("MixedCase Value  with two spaces"),
            TxtRecordText.FromText("say \"hi\" \\ back\\slash;semi"),
            TxtRecordText.FromText("tab\there"),
            TxtRecordText.FromText("café ✓"),
            TxtRecordText.FromText(new string('x', 300) + "END"),
            "\"two\" \"strings\"",
        ];
        await using var provider = CreateProvider();
        foreach (var value in values)
        {
            await AddAsync(provider, value);
        }

        var now = await ReadFreshAsync();

        now.ShouldNotBeNull();
        now.Values.ShouldBe(Sorted(values));
        now.Values.ShouldContain("\"MixedCase Value  with two spaces\"");
        now.Values.ShouldContain("\"say \\\"hi\\\" \\\\ back\\\\slash;semi\"");
        now.Values.ShouldContain("\"caf\\195\\169 \\226\\156\\147\"");
        now.Values.ShouldContain($"\"{new string('x', 255)}\" \"{new string('x', 45)}END\"");
    }

    [Fact]
    public async Task Txt_LeavesTheServerNamesSrvSetAlone()
    {
        await using var provider = CreateProvider();
        var srvName = DnsName.Parse("_matrix-fed._tcp.example.com");
        var zone = await provider.FindZoneAsync(srvName, default);
        var existing = (await provider.GetRecordSetsAsync(zone, [new RecordSetKey(srvName, RecordType.Srv)], default)).SingleOrDefault();
        var srv = RecordSet.Srv(srvName, Ttl, [SrvRecord.Parse("10 0 8448 matrix.example.com.")]);
        await provider.ApplyAsync(zone, [new RecordSetChange(existing, srv)], default);

        await AddAsync(provider, First);
        await RemoveAsync(provider, First);

        await using var fresh = CreateProvider();
        var zoneNow = await fresh.FindZoneAsync(srvName, default);
        var srvNow = (await fresh.GetRecordSetsAsync(zoneNow, [new RecordSetKey(srvName, RecordType.Srv)], default)).Single();
        srvNow.HasSameData(srv).ShouldBeTrue();
        (await ReadFreshAsync()).ShouldBeNull();
    }

    /// <summary>Reads the challenge set as the acme hook does: its zone, then the set (null when absent).</summary>
    protected static async Task<(HostedZone Zone, RecordSet? Set)> ReadAsync(IDnsProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var zone = await provider.FindZoneAsync(Challenge, default);
        var sets = await provider.GetRecordSetsAsync(zone, [ChallengeKey], default);
        return (zone, sets.SingleOrDefault(s => s.Key == ChallengeKey));
    }

    /// <summary>The set as a new provider instance reads it now.</summary>
    protected async Task<RecordSet?> ReadFreshAsync()
    {
        await using var provider = CreateProvider();
        return (await ReadAsync(provider)).Set;
    }

    protected async Task AddAsync(IDnsProvider provider, string value)
    {
        var (zone, seen) = await ReadAsync(provider);
        await provider.ApplyAsync(zone, [new RecordSetChange(seen, With(seen, value))], default);
    }

    protected static async Task RemoveAsync(IDnsProvider provider, string value)
    {
        var (zone, seen) = await ReadAsync(provider);
        seen.ShouldNotBeNull();
        await provider.ApplyAsync(zone, [new RecordSetChange(seen, Without(seen, value))], default);
    }

    protected RecordSet With(RecordSet? seen, string value) =>
        new(Challenge, RecordType.Txt, seen?.Ttl ?? Ttl, [.. seen?.Values ?? [], value]);

    protected static RecordSet? Without(RecordSet seen, string value)
    {
        ArgumentNullException.ThrowIfNull(seen);
        var rest = seen.Values.Where(v => v != value).ToList();
        return rest.Count == 0 ? null : new RecordSet(Challenge, RecordType.Txt, seen.Ttl, rest);
    }

    private static string[] Sorted(params string[] values) => [.. values.Select(TxtRecordText.Canonicalise).Order(StringComparer.Ordinal)];
}
