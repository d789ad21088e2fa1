using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Route53;

/// <summary>
/// A Route 53 API (2013-04-01) on a loopback port for tests, strict where AWS is strict: every
/// request must carry a valid SigV4 signature for a known key (else 403 like AWS);
/// ListHostedZonesByName and ListResourceRecordSets page in AWS's order with AWS's markers;
/// change batches are atomic with AWS's InvalidChangeBatch messages; changes are PENDING until
/// polled <see cref="InSyncAfterPolls"/> times; faults are injected by <see cref="Faults"/>;
/// requests are counted per action. Point a client at it with <c>AWS_ENDPOINT_URL_ROUTE_53</c>.
/// </summary>
public sealed partial class Route53Emulator : IAsyncDisposable
{
    public const string DefaultAccessKeyId = "AKIAEMULATOR00000001";
    public const string DefaultSecretAccessKey = "emulator/secret/key/0000000000000000000000";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, EmulatedZone> _zones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Secret, string? SessionToken)> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _changePolls = new(StringComparer.Ordinal);
    private readonly List<FaultRule> _faults = [];
    private readonly WebApplication _app;
    private (string Key, EmulatedZone Zone)[]? _zoneOrder;
    private TokenBucket? _rateLimit;
    private int _nextId;

    private Route53Emulator(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>GetChange calls that answer PENDING before a change reports INSYNC.</summary>
    public int InSyncAfterPolls { get; set; } = 1;

    /// <summary>Route 53's quota of record-value characters in one ChangeResourceRecordSets request.</summary>
    public const int MaxValueCharactersPerBatch = 32_000;

    /// <summary>Change batches applied (successful ChangeResourceRecordSets calls).</summary>
    public int ChangesApplied { get; private set; }

    /// <summary>Requests rejected because of their signature or key.</summary>
    public int AuthFailures { get; private set; }

    public static async Task<Route53Emulator> StartAsync(CancellationToken cancellationToken = default)
    {
        var (app, endpoint) = LoopbackWebApp.Create();
        var emulator = new Route53Emulator(app, endpoint);
        emulator.AddCredentials(DefaultAccessKeyId, DefaultSecretAccessKey);
        app.Run(emulator.HandleAsync);
        await app.StartAsync(cancellationToken);
        return emulator;
    }

    public void AddCredentials(string accessKeyId, string secretAccessKey, string? sessionToken = null)
    {
        lock (_gate)
        {
            _keys[accessKeyId] = (secretAccessKey, sessionToken);
        }
    }

    /// <summary>Creates a hosted zone with the SOA and NS sets Route 53 puts at every apex; returns its ID.</summary>
    public string AddZone(string name, bool isPrivate = false)
    {
        lock (_gate)
        {
            var id = "Z" + (++_nextId).ToString("D4", CultureInfo.InvariantCulture) + "EMULATED" + (isPrivate ? "PRIV" : "PUBL");
            var zone = new EmulatedZone(id, EmulatedZone.NormaliseName(name), isPrivate);
            zone.Put(new EmulatedRecordSet(zone.Name, "SOA", 900, [$"ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"]));
            zone.Put(new EmulatedRecordSet(zone.Name, "NS", 172800, ["ns-1.awsdns-01.org.", "ns-2.awsdns-02.co.uk.", "ns-3.awsdns-03.com.", "ns-4.awsdns-04.net."]));
            _zones.Add(id, zone);
            _zoneOrder = null;
            return id;
        }
    }

    /// <summary>Writes a set directly (as another tool or the console would), not counted as a request.</summary>
    public void PutRecordSet(string zoneId, string name, string type, uint ttl, params string[] values)
    {
        lock (_gate)
        {
            Zone(zoneId).Put(new EmulatedRecordSet(EmulatedZone.NormaliseName(name), type, ttl, [.. values.Select(v => NormaliseValue(type, v))]));
        }
    }

    public bool RemoveRecordSet(string zoneId, string name, string type)
    {
        lock (_gate)
        {
            return Zone(zoneId).Remove(name, type);
        }
    }

    public EmulatedRecordSet? FindRecordSet(string zoneId, string name, string type)
    {
        lock (_gate)
        {
            return Zone(zoneId).Find(name, type);
        }
    }

    public IReadOnlyList<EmulatedRecordSet> RecordSets(string zoneId)
    {
        lock (_gate)
        {
            return Zone(zoneId).Sets;
        }
    }

    public void AddFault(FaultRule rule)
    {
        lock (_gate)
        {
            _faults.Add(rule);
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>
    /// Answers requests beyond <paramref name="requestsPerSecond"/> (a token bucket holding
    /// <paramref name="burst"/> tokens) with HTTP 400 <c>Throttling</c> "Rate exceeded", as
    /// Route 53 does beyond its 5 requests per second per account ("Quotas on API requests").
    /// Throttled requests are counted like others.
    /// </summary>
    public void SetRateLimit(double requestsPerSecond, int burst = 1)
    {
        lock (_gate)
        {
            _rateLimit = new TokenBucket(requestsPerSecond, burst, TimeProvider.System);
        }
    }

    public void ClearRateLimit()
    {
        lock (_gate)
        {
            _rateLimit = null;
        }
    }

    /// <summary>Requests refused by <see cref="SetRateLimit"/> since the last <see cref="ResetCounts"/>.</summary>
    public int Throttled { get; private set; }

    /// <summary>Requests received for an API action (e.g. "ListResourceRecordSets"), faulted ones included.</summary>
    public int Count(string action)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault(action);
        }
    }

    public IReadOnlyDictionary<string, int> Counts()
    {
        lock (_gate)
        {
            return new Dictionary<string, int>(_counts, StringComparer.Ordinal);
        }
    }

    public void ResetCounts()
    {
        lock (_gate)
        {
            _counts.Clear();
            ChangesApplied = 0;
            AuthFailures = 0;
            Throttled = 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal static string NormaliseValue(string type, string value)
    {
        // Route 53 treats a domain name without the trailing dot as fully qualified.
        var v = value.Trim();
        return type is "SRV" or "CNAME" && !v.EndsWith('.') ? v + "." : v;
    }

    /// <summary>All zones by name with labels reversed, then ID (ListHostedZonesByName's order), cached until a zone is added.</summary>
    private (string Key, EmulatedZone Zone)[] ZonesInListingOrder()
    {
        if (_zoneOrder is null)
        {
            var entries = _zones.Values.Select(z => (Key: EmulatedZone.SortKey(z.Name), Zone: z)).ToArray();
            Array.Sort(entries, (a, b) =>
            {
                var c = string.CompareOrdinal(a.Key, b.Key);
                return c != 0 ? c : string.CompareOrdinal(a.Zone.Id, b.Zone.Id);
            });
            _zoneOrder = entries;
        }

        return _zoneOrder;
    }

    private EmulatedZone Zone(string zoneId) =>
        _zones.GetValueOrDefault(zoneId) ?? throw new EmulatorErrorException(HttpStatusCode.NotFound, "NoSuchHostedZone", $"No hosted zone found with ID: {zoneId}");

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryStart >= 0 ? rawTarget[..queryStart] : rawTarget;
        var rawQuery = queryStart >= 0 ? rawTarget[(queryStart + 1)..] : string.Empty;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var action = ActionOf(context.Request.Method, rawPath);
        try
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(',', h.Value.Select(v => v?.Trim())), StringComparer.Ordinal);
            VerifySignature(context.Request.Method, rawPath, rawQuery, headers, body);
            var (delay, loseAnswer) = ApplyFaults(action);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            var query = QueryOf(rawQuery);
            var xml = Dispatch(action, context.Request.Method, rawPath, query, body);
            if (loseAnswer)
            {
                throw new EmulatorErrorException(HttpStatusCode.InternalServerError, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");
            }

            context.Response.ContentType = "text/xml";
            await context.Response.WriteAsync(xml, context.RequestAborted);
        }
        catch (EmulatorErrorException ex)
        {
            context.Response.StatusCode = (int)ex.Status;
            context.Response.ContentType = "text/xml";
            if (ex.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }

            await context.Response.WriteAsync(EmulatorXml.Error(ex), context.RequestAborted);
        }
    }

    private void VerifySignature(string method, string rawPath, string rawQuery, Dictionary<string, string> headers, byte[] body)
    {
        Dictionary<string, (string, string?)> keys;
        lock (_gate)
        {
            keys = new Dictionary<string, (string, string?)>(_keys, StringComparer.Ordinal);
        }

        try
        {
            new SigV4Verifier(keys).Verify(method, rawPath, rawQuery, headers, body, DateTimeOffset.UtcNow);
        }
        catch (EmulatorErrorException)
        {
            lock (_gate)
            {
                AuthFailures++;
            }

            throw;
        }
    }

    private (TimeSpan Delay, bool LoseAnswer) ApplyFaults(string action)
    {
        lock (_gate)
        {
            _counts[action] = _counts.GetValueOrDefault(action) + 1;
            if (_rateLimit is not null && !_rateLimit.TryTake())
            {
                Throttled++;
                throw new EmulatorErrorException(HttpStatusCode.BadRequest, "Throttling", "Rate exceeded");
            }

            var delay = TimeSpan.Zero;
            var loseAnswer = false;
            foreach (var rule in _faults)
            {
                if (!rule.ShouldFire(action))
                {
                    continue;
                }

                switch (rule.Kind)
                {
                    case FaultKind.Throttling:
                        throw new EmulatorErrorException(HttpStatusCode.BadRequest, "Throttling", "Rate exceeded");
                    case FaultKind.PriorRequestNotComplete:
                        throw new EmulatorErrorException(HttpStatusCode.BadRequest, "PriorRequestNotComplete", "The request was rejected because Route 53 was still processing a prior request.");
                    case FaultKind.InternalError:
                        throw new EmulatorErrorException(HttpStatusCode.InternalServerError, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");
                    case FaultKind.ServiceUnavailable:
                        throw new EmulatorErrorException(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "Service is unavailable.") { RetryAfter = TimeSpan.FromSeconds(1) };
                    case FaultKind.Slow:
                        delay += rule.Delay;
                        break;
                    case FaultKind.LostAnswer:
                        loseAnswer = true;
                        break;
                }
            }

            return (delay, loseAnswer);
        }
    }

    private static string ActionOf(string method, string rawPath)
    {
        var segments = rawPath.Trim('/').Split('/');
        return (method, segments) switch
        {
            ("GET", ["2013-04-01", "hostedzonesbyname"]) => "ListHostedZonesByName",
            ("GET", ["2013-04-01", "hostedzone", _, "rrset"]) => "ListResourceRecordSets",
            ("POST", ["2013-04-01", "hostedzone", _, "rrset"]) => "ChangeResourceRecordSets",
            ("GET", ["2013-04-01", "change", _]) => "GetChange",
            _ => "Unknown",
        };
    }

    private static Dictionary<string, string> QueryOf(string rawQuery) =>
        rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .GroupBy(p => WebUtility.UrlDecode(p[0]), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => WebUtility.UrlDecode(g.Last().Length > 1 ? g.Last()[1] : string.Empty), StringComparer.Ordinal);
}
