using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Webhook;

/// <summary>
/// An ExternalDNS webhook provider on a loopback http port, following the published protocol
/// (tutorial "Webhook provider", OpenAPI <c>api/webhook.yaml</c>) and strict where it is:
/// every request must accept <see cref="MediaType"/> (else 406) and every body must be of it
/// (else 415); <c>GET /</c> answers the domain filter (<see cref="DomainFilterJson"/>) with
/// <see cref="AnswerContentType"/>; <c>GET /records</c> lists the store within the filter;
/// <c>POST /adjustendpoints</c> raises TTLs to <see cref="MinTtl"/>; <c>POST /records</c>
/// checks the whole request first (names inside the filter and without trailing dot, updateOld
/// and updateNew paired and about the same record, updateOld and delete exactly as stored,
/// creates new) and answers 400/409 without writing anything, else applies it and answers 204.
/// Faults (5xx, 4xx, lost answers, slow answers) come from <see cref="AddFault"/>; every
/// request is logged.
/// </summary>
public sealed partial class WebhookTestServer : IAsyncDisposable
{
    public const string MediaType = "application/external.dns.webhook+json;version=1";

    private readonly Lock _gate = new();
    private readonly List<JsonObject> _store = [];
    private readonly List<string> _log = [];
    private readonly List<JsonObject> _writes = [];
    private readonly List<WebhookFaultRule> _faults = [];
    private readonly WebApplication _app;

    private WebhookTestServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>The body of <c>GET /</c>; ExternalDNS's form by default.</summary>
    public string DomainFilterJson { get; set; } = """{"include":["example.com"]}""";

    /// <summary>The Content-Type of every answer with a body; change it to play a server of another version.</summary>
    public string AnswerContentType { get; set; } = MediaType;

    /// <summary>The provider's smallest TTL: <c>POST /adjustendpoints</c> raises lower ones (and 0) to it.</summary>
    public long? MinTtl { get; set; }

    /// <summary>
    /// Play a provider whose DNS host keeps TXT data as raw text: <c>POST /adjustendpoints</c>
    /// answers a one-string TXT target without its quotes, so that is what gets stored and listed.
    /// </summary>
    public bool TxtTargetsUnquoted { get; set; }

    /// <summary>Called for each accepted request before it is served: lets a test act "between" two requests.</summary>
    public Action<string, string>? OnRequest { get; set; }

    public static async Task<WebhookTestServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var (app, endpoint) = LoopbackWebApp.Create();
        var server = new WebhookTestServer(app, endpoint);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>Stores an endpoint directly, as the DNS host's own console would; not logged.</summary>
    public void Put(string dnsName, string recordType, long ttl, params string[] targets) =>
        Put(new JsonObject
        {
            ["dnsName"] = dnsName,
            ["targets"] = new JsonArray([.. targets.Select(t => (JsonNode?)t)]),
            ["recordType"] = recordType,
            ["recordTTL"] = ttl,
        });

    /// <summary>Stores (or replaces, by name, type and set identifier) an endpoint given as JSON.</summary>
    public void Put(JsonObject endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        lock (_gate)
        {
            _store.RemoveAll(e => Key(e) == Key(endpoint));
            _store.Add((JsonObject)endpoint.DeepClone());
        }
    }

    /// <summary>The stored endpoint at a name and type (no set identifier), or null.</summary>
    public JsonObject? Find(string dnsName, string recordType)
    {
        lock (_gate)
        {
            return _store.FirstOrDefault(e => Key(e) == Key(dnsName, recordType, null))?.DeepClone() as JsonObject;
        }
    }

    /// <summary>The targets stored at a name and type, sorted, or null when there is no such endpoint.</summary>
    public IReadOnlyList<string>? Targets(string dnsName, string recordType) =>
        Find(dnsName, recordType)?["targets"]?.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<JsonObject> Endpoints()
    {
        lock (_gate)
        {
            return [.. _store.Select(e => (JsonObject)e.DeepClone())];
        }
    }

    public void AddFault(WebhookFaultRule rule)
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

    /// <summary>Every request as "METHOD PATH STATUS", in order ("POST /records 204").</summary>
    public IReadOnlyList<string> RequestLog()
    {
        lock (_gate)
        {
            return [.. _log];
        }
    }

    /// <summary>Requests received for a method and path, faulted and refused ones included.</summary>
    public int Count(string method, string path) =>
        RequestLog().Count(l => l.StartsWith($"{method} {path} ", StringComparison.Ordinal));

    /// <summary>The bodies of the <c>POST /records</c> requests that were applied, in order.</summary>
    public IReadOnlyList<JsonObject> AppliedWrites()
    {
        lock (_gate)
        {
            return [.. _writes.Select(w => (JsonObject)w.DeepClone())];
        }
    }

    public void ResetLog()
    {
        lock (_gate)
        {
            _log.Clear();
            _writes.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Key(JsonObject endpoint) =>
        Key(endpoint["dnsName"]?.GetValue<string>() ?? string.Empty, endpoint["recordType"]?.GetValue<string>() ?? string.Empty, endpoint["setIdentifier"]?.GetValue<string>());

    private static string Key(string dnsName, string recordType, string? setIdentifier) =>
        string.Create(CultureInfo.InvariantCulture, $"{dnsName.TrimEnd('.').ToLowerInvariant()}|{recordType.ToUpperInvariant()}|{setIdentifier ?? string.Empty}");
}
