using System.Net;
using ARSoft.Tools.Net.Dns;
using SrvProvisioner.Testing.Bind;
using SrvProvisioner.Testing.Knot;

namespace SrvProvisioner.Testing.Acme;

/// <summary>
/// Real parts for ACME DNS-01 tests (issue 19): a hidden BIND primary (127.0.0.1, free port)
/// taking TSIG-signed RFC 2136 updates, and a Knot secondary on port 53 of
/// <see cref="NameServerAddress"/>, the name server the zones' NS sets name (so the hook's
/// propagation check asks it as remote resolvers would), kept current by the primary's NOTIFY.
/// pebble validates against that secondary. Zones: <c>acme.test</c> (one name server) and
/// <c>lagging.test</c>, whose second name server (127.0.53.20) never answers.
/// </summary>
public sealed class AcmeLab : IAsyncDisposable
{
    public static readonly IPAddress NameServerAddress = IPAddress.Parse("127.0.53.19");

    public const string Zone = "acme.test";

    public const string LaggingZone = "lagging.test";

    private FileStream? _addressLock;

    private AcmeLab()
    {
    }

    public BindServer Bind { get; private set; } = null!;

    /// <summary>The zones' public name server (what pebble and the hook's propagation check ask).</summary>
    public KnotSecondary NameServer { get; private set; } = null!;

    /// <summary>The federation port <c>_matrix-fed._tcp.nginx.acme.test</c> points at (matrix.acme.test = 127.0.0.1); a test starts its nginx there.</summary>
    public int FedPort { get; } = Net.FreePort.Find();

    public PebbleServer Pebble { get; private set; } = null!;

    /// <summary>The provider options that reach the lab's BIND (as for plan).</summary>
    public IReadOnlyList<string> ProviderArgs => ["--provider", "rfc2136", "--rfc2136-server", Bind.Address, "--rfc2136-key-file", Bind.KeyFilePath];

    public static async Task<AcmeLab> StartAsync(CancellationToken cancellationToken = default)
    {
        var lab = new AcmeLab();
        try
        {
            lab._addressLock = await LockAsync(cancellationToken);
            var notify = $"notify explicit; also-notify {{ {NameServerAddress} port 53; }};";
            lab.Bind = await BindServer.StartAsync(
                [
                    new BindZone(Zone, ZoneText(Zone, NameServerAddress) + $"_matrix-fed._tcp.nginx IN SRV 10 0 {lab.FedPort} matrix.acme.test.\n") { ZoneOptions = notify },
                    new BindZone(LaggingZone, ZoneText(LaggingZone, NameServerAddress, IPAddress.Parse("127.0.53.20"))) { ZoneOptions = notify },
                ],
                extraOptions: "allow-transfer { any; };",
                cancellationToken: cancellationToken);
            lab.NameServer = await KnotSecondary.StartAsync(new IPEndPoint(NameServerAddress, 53), lab.Bind.EndPoint, [Zone, LaggingZone], cancellationToken);
            await lab.WaitUntilLoadedAsync(cancellationToken);
            lab.Pebble = await PebbleServer.StartAsync(lab.NameServer.EndPoint, cancellationToken);
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }

        return lab;
    }

    /// <summary>The TXT values the primary answers at <paramref name="name"/> (joined strings), sorted.</summary>
    public async Task<IReadOnlyList<string>> TxtAsync(string name, CancellationToken cancellationToken = default)
    {
        var client = new DnsClient([Bind.EndPoint.Address], [new UdpClientTransport(Bind.Port), new TcpClientTransport(Bind.Port)], false, 3000);
        var answer = await client.ResolveAsync(ARSoft.Tools.Net.DomainName.Parse(name), RecordType.Txt, RecordClass.INet, new DnsQueryOptions { IsRecursionDesired = false }, cancellationToken)
            ?? throw new TimeoutException($"{Bind.Address} did not answer TXT {name}");
        return [.. answer.AnswerRecords.OfType<TxtRecord>().Select(t => string.Concat(t.TextParts)).Order(StringComparer.Ordinal)];
    }

    private async Task WaitUntilLoadedAsync(CancellationToken cancellationToken)
    {
        var client = new DnsClient([NameServerAddress], [new UdpClientTransport(53)], false, 1000);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        foreach (var zone in new[] { Zone, LaggingZone })
        {
            while (true)
            {
                var answer = await client.ResolveAsync(ARSoft.Tools.Net.DomainName.Parse(zone), RecordType.Soa, RecordClass.INet, new DnsQueryOptions { IsRecursionDesired = false }, cancellationToken);
                if (answer is { ReturnCode: ReturnCode.NoError, IsAuthoritiveAnswer: true })
                {
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"knotd on {NameServerAddress} did not load {zone}:\n{NameServer.Log}");
                }

                await Task.Delay(100, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in new IAsyncDisposable?[] { Pebble, NameServer, Bind })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        if (_addressLock is not null)
        {
            await _addressLock.DisposeAsync();
        }
    }

    private static string ZoneText(string origin, params IPAddress[] nameServers) =>
        $"$ORIGIN {origin}.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 600 86400 300\n"
        + string.Concat(nameServers.Select((a, i) => $"@ IN NS ns{i + 1}\nns{i + 1} IN A {a}\n"))
        + "matrix IN A 127.0.0.1\n";

    /// <summary>Port 53 of the lab's address is one per machine: concurrent test runs take turns.</summary>
    private static async Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "srvprov-tests-127.0.53.19.lock");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }
}
