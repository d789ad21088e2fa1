using Microsoft.AspNetCore.Builder;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Cloudflare;

/// <summary>
/// Cloudflare's API v4 zones and DNS records on a loopback http port, strict where Cloudflare is:
/// every request needs <c>Authorization: Bearer</c> with a known token (else 401/400) whose
/// grant covers the call (else 403 "Authentication error"; zone lists show only the zones the
/// token may read); every answer is the <c>{success, errors, messages, result, result_info}</c>
/// envelope; lists page with <c>page</c>/<c>per_page</c>; <c>dns_records</c> filters by exact
/// <c>name</c> and <c>type</c>; every record has its own id, and a record created again gets a
/// new one; the batch runs as one transaction in the order deletes, patches, puts, posts and
/// fails whole (nothing changes) when an id is missing, a record is duplicated, a CNAME would
/// share its name, or it holds more operations than <see cref="BatchLimit"/>; more than
/// <see cref="RateLimit"/> requests per token in <see cref="RateWindow"/> answer 429 with
/// <c>Retry-After</c>. Faults come from <see cref="AddFault"/>.
/// </summary>
public sealed partial class CloudflareEmulator : IAsyncDisposable
{
    public const string DefaultToken = "cf-emulator-token-0123456789abcdefghijklmn";

    private readonly Lock _gate = new();
    private readonly List<CloudflareZone> _zones = [];
    private readonly Dictionary<string, CloudflareTokenGrant> _tokens = new(StringComparer.Ordinal) { [DefaultToken] = CloudflareTokenGrant.Full };
    private readonly Dictionary<string, Queue<DateTimeOffset>> _recent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly List<string> _batchLog = [];
    private readonly List<(string Route, DateTimeOffset At)> _arrivals = [];
    private readonly List<CloudflareFaultRule> _faults = [];
    private readonly WebApplication _app;

    private CloudflareEmulator(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The API base, as <c>--cloudflare-endpoint</c> takes it.</summary>
    public Uri Endpoint { get; }

    /// <summary>Record operations one batch may hold (Cloudflare's free plan: 200).</summary>
    public int BatchLimit { get; set; } = 200;

    /// <summary>Requests per token in <see cref="RateWindow"/> (Cloudflare: 1,200 per 5 minutes).</summary>
    public int RateLimit { get; set; } = 1200;

    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Requests answered 429 by the rate limit (not by faults).</summary>
    public int RateLimited { get; private set; }

    /// <summary>Called for each authenticated request before it is served, outside the lock: lets a test act between two requests.</summary>
    public Action<string>? OnRequest { get; set; }

    public static async Task<CloudflareEmulator> StartAsync(CancellationToken cancellationToken = default)
    {
        var (app, endpoint) = LoopbackWebApp.Create();
        var emulator = new CloudflareEmulator(app, new Uri(endpoint, "client/v4/"));
        app.Run(emulator.HandleAsync);
        await app.StartAsync(cancellationToken);
        return emulator;
    }

    public void AddToken(string token, CloudflareTokenGrant grant)
    {
        lock (_gate)
        {
            _tokens[token] = grant;
        }
    }

    public CloudflareZone AddZone(string name)
    {
        lock (_gate)
        {
            var zone = new CloudflareZone(NewId(), name.TrimEnd('.').ToLowerInvariant());
            _zones.Add(zone);
            return zone;
        }
    }

    /// <summary>Adds a record directly, as the dashboard would (new id), not counted as a request. SRV content: "priority weight port target"; TXT content stored as <see cref="CloudflareTxtContent"/> says.</summary>
    public CloudflareRecord AddRecord(CloudflareZone zone, string type, string name, string content, long ttl = 1, bool? proxied = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var stored = type.Equals("TXT", StringComparison.OrdinalIgnoreCase) ? CloudflareTxtContent.Store(content) : content;
        var record = new CloudflareRecord(NewId(), name.TrimEnd('.').ToLowerInvariant(), type.ToUpperInvariant(), stored, ttl, type is "A" or "AAAA" or "CNAME" ? proxied ?? false : null);
        lock (_gate)
        {
            zone.Records.Add(record);
        }

        return record;
    }

    public bool DeleteRecord(CloudflareZone zone, string id)
    {
        ArgumentNullException.ThrowIfNull(zone);
        lock (_gate)
        {
            return zone.Records.RemoveAll(r => r.Id == id) > 0;
        }
    }

    /// <summary>The zone's records of a name and type (all types when null), in id order.</summary>
    public IReadOnlyList<CloudflareRecord> Records(CloudflareZone zone, string? name = null, string? type = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        lock (_gate)
        {
            return [.. zone.Records
                .Where(r => (name is null || r.Name == name.TrimEnd('.').ToLowerInvariant()) && (type is null || r.Type == type.ToUpperInvariant()))];
        }
    }

    public void AddFault(CloudflareFaultRule rule)
    {
        lock (_gate)
        {
            _faults.Add(rule);
        }
    }

    /// <summary>Requests received by route ("GET zones", "GET zone", "GET dns_records", "POST batch"), refused and faulted ones included.</summary>
    public int Count(string route)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault(route);
        }
    }

    /// <summary>When each request of a route arrived, in order (to check that a client waited as Retry-After asked).</summary>
    public IReadOnlyList<DateTimeOffset> Arrivals(string route)
    {
        lock (_gate)
        {
            return [.. _arrivals.Where(a => a.Route == route).Select(a => a.At)];
        }
    }

    public int TotalRequests()
    {
        lock (_gate)
        {
            return _counts.Values.Sum();
        }
    }

    /// <summary>Committed batches, in order, as "zone: N deletes, M posts".</summary>
    public IReadOnlyList<string> BatchLog()
    {
        lock (_gate)
        {
            return [.. _batchLog];
        }
    }

    public void ResetCounts()
    {
        lock (_gate)
        {
            _counts.Clear();
            _batchLog.Clear();
            _arrivals.Clear();
            _recent.Clear();
            RateLimited = 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
