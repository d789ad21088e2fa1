using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using SrvProvisioner.Testing.Certificates;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.AzureDns;

/// <summary>
/// Azure Resource Manager's Microsoft.Network DNS API (api-version 2018-05-01) on a loopback
/// https port (a leaf of its own <see cref="Authority"/>, as srvprov sends bearer tokens over
/// https only), strict where ARM is strict: every request needs <c>Authorization: Bearer</c>
/// with <see cref="ExpectedToken"/> (else 401) and the exact <c>api-version</c> (else 400);
/// subscriptions, resource groups and zones must exist (404 with ARM's codes); record sets
/// carry ETags that change on every write; <c>If-Match</c> / <c>If-None-Match: *</c> answer
/// 412 when they do not hold; DELETE of a missing set answers 204; zone lists page with
/// <c>$top</c> and <c>nextLink</c>; a CNAME cannot share a name with other sets (409).
/// Faults come from <see cref="AddFault"/>; requests are counted per method and resource type.
/// </summary>
public sealed partial class AzureDnsEmulator : IAsyncDisposable
{
    public const string ApiVersion = "2018-05-01";
    public const string DefaultToken = "emulator-token-0123456789";

    private readonly Lock _gate = new();
    private readonly List<AzureEmulatedZone> _zones = [];
    private readonly HashSet<string> _subscriptions = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<(string, string)> _resourceGroups = [];
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly List<string> _writeLog = [];
    private readonly List<AzureFaultRule> _faults = [];
    private readonly WebApplication _app;

    private AzureDnsEmulator(WebApplication app, Uri endpoint, TestCertificateAuthority authority)
    {
        _app = app;
        Endpoint = endpoint;
        Authority = authority;
    }

    /// <summary>The CA that issued the emulator's certificate: clients trust it (<see cref="TestCertificateAuthority.CreateTrustingHandler"/>, or <c>SSL_CERT_FILE</c> for the srvprov binary).</summary>
    public TestCertificateAuthority Authority { get; }

    public Uri Endpoint { get; }

    /// <summary>The bearer token every request must carry.</summary>
    public string ExpectedToken { get; set; } = DefaultToken;

    /// <summary>Requests rejected with 401.</summary>
    public int AuthFailures { get; private set; }

    /// <summary>Called for each authenticated request before it is served (outside the emulator's lock): lets a test act "between" two requests.</summary>
    public Action<string, string, string?>? OnRequest { get; set; }

    public static async Task<AzureDnsEmulator> StartAsync(CancellationToken cancellationToken = default)
    {
        var authority = new TestCertificateAuthority("srvprov Azure emulator CA");
        using var leaf = authority.IssueLeaf(["localhost"], ipAddresses: [System.Net.IPAddress.Loopback]);
        var (app, endpoint) = LoopbackWebApp.Create(X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), null));
        var emulator = new AzureDnsEmulator(app, endpoint, authority);
        app.Run(emulator.HandleAsync);
        await app.StartAsync(cancellationToken);
        return emulator;
    }

    public void AddResourceGroup(string subscription, string resourceGroup)
    {
        lock (_gate)
        {
            _subscriptions.Add(subscription);
            _resourceGroups.Add((subscription.ToLowerInvariant(), resourceGroup.ToLowerInvariant()));
        }
    }

    /// <summary>Creates a zone (and its subscription and resource group); returns the zone.</summary>
    public AzureEmulatedZone AddZone(string subscription, string resourceGroup, string name, bool isPrivate = false)
    {
        AddResourceGroup(subscription, resourceGroup);
        lock (_gate)
        {
            var zone = new AzureEmulatedZone(subscription, resourceGroup, name.TrimEnd('.').ToLowerInvariant(), isPrivate);
            _zones.Add(zone);
            return zone;
        }
    }

    /// <summary>Writes a set directly, as the portal or another tool would (new ETag), not counted as a request.</summary>
    public AzureEmulatedRecordSet PutRecordSet(AzureEmulatedZone zone, string type, string relativeName, long ttl, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var set = new AzureEmulatedRecordSet(type.ToUpperInvariant(), relativeName, ttl, AzureRecordText.Records(type, values), NewETag());
        lock (_gate)
        {
            zone.Put(set);
        }

        return set;
    }

    /// <summary>Rewrites a set with the same data, as a concurrent writer would: only its ETag changes.</summary>
    public string Touch(AzureEmulatedZone zone, string type, string relativeName)
    {
        ArgumentNullException.ThrowIfNull(zone);
        lock (_gate)
        {
            var set = zone.Find(type, relativeName) ?? throw new InvalidOperationException($"No {type} set {relativeName} in {zone.Name}.");
            var touched = set with { ETag = NewETag() };
            zone.Put(touched);
            return touched.ETag;
        }
    }

    public AzureEmulatedRecordSet? FindRecordSet(AzureEmulatedZone zone, string type, string relativeName)
    {
        ArgumentNullException.ThrowIfNull(zone);
        lock (_gate)
        {
            return zone.Find(type, relativeName);
        }
    }

    public IReadOnlyList<AzureEmulatedRecordSet> RecordSets(AzureEmulatedZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        lock (_gate)
        {
            return zone.Sets;
        }
    }

    public bool RemoveRecordSet(AzureEmulatedZone zone, string type, string relativeName)
    {
        ArgumentNullException.ThrowIfNull(zone);
        lock (_gate)
        {
            return zone.Remove(type, relativeName);
        }
    }

    public void AddFault(AzureFaultRule rule)
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

    /// <summary>Requests received as "METHOD TYPE" (e.g. "PUT SRV", "GET dnszones" for a zone list, "GET dnszone" for one zone), faulted and refused ones included.</summary>
    public int Count(string method, string resourceType)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault($"{method.ToUpperInvariant()} {resourceType}");
        }
    }

    public IReadOnlyDictionary<string, int> Counts()
    {
        lock (_gate)
        {
            return new Dictionary<string, int>(_counts, StringComparer.Ordinal);
        }
    }

    /// <summary>Writes that changed state, in order, as "PUT SRV _matrix-fed._tcp" / "DELETE SRV ...".</summary>
    public IReadOnlyList<string> WriteLog()
    {
        lock (_gate)
        {
            return [.. _writeLog];
        }
    }

    public void ResetCounts()
    {
        lock (_gate)
        {
            _counts.Clear();
            _writeLog.Clear();
            AuthFailures = 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Authority.Dispose();
    }

    private static string NewETag() => Guid.NewGuid().ToString();
}
