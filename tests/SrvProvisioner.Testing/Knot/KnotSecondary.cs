using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Knot;

/// <summary>
/// A real Knot DNS <c>knotd</c> serving zones as a secondary of a primary (AXFR/IXFR), on a
/// fixed loopback endpoint such as 127.0.53.2:53 (Knot binds the address itself, unlike
/// named, which listens only on addresses of an interface). It takes NOTIFY only from the
/// primary's address and otherwise refreshes per the SOA (an hour in tests), so it lags until
/// told. Stopped and cleaned up on dispose; a missing knotd is a failure naming the package.
/// </summary>
public sealed class KnotSecondary : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private KnotSecondary(IPEndPoint endPoint, ServerProcess process)
    {
        EndPoint = endPoint;
        _process = process;
    }

    public IPEndPoint EndPoint { get; }

    public string Log => _process.Output;

    public static string FindKnotd()
    {
        foreach (var candidate in new[] { "/usr/sbin/knotd", "/usr/local/sbin/knotd", "/usr/bin/knotd" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Knot DNS 'knotd' is not installed: run 'apt-get install -y knot'.");
    }

    public static async Task<KnotSecondary> StartAsync(IPEndPoint listen, IPEndPoint primary, IReadOnlyList<string> zones, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(zones);
        var knotd = FindKnotd();
        FreePort.EnsureFree(listen);
        var dir = Directory.CreateTempSubdirectory("srvprov-knot-").FullName;
        var user = Environment.UserName == "root" ? "    user: root:root\n" : string.Empty;
        var conf = new StringBuilder();
        conf.Append(CultureInfo.InvariantCulture, $"""
            server:
                listen: {listen.Address}@{listen.Port}
                rundir: "{dir}"
                pidfile: "{dir}/knot.pid"
            {user}log:
              - target: stdout
                any: info
            database:
                storage: "{dir}"
            remote:
              - id: primary
                address: {primary.Address}@{primary.Port}
            acl:
              - id: notify_from_primary
                address: {primary.Address}
                action: notify
            template:
              - id: default
                storage: "{dir}"
                master: primary
                acl: notify_from_primary
            zone:

            """);
        foreach (var zone in zones)
        {
            conf.Append(CultureInfo.InvariantCulture, $"  - domain: {zone.TrimEnd('.')}\n");
        }

        var confPath = Path.Combine(dir, "knot.conf");
        await File.WriteAllTextAsync(confPath, conf.ToString(), cancellationToken);
        var psi = new ProcessStartInfo(knotd);
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(confPath);
        var server = new KnotSecondary(listen, ServerProcess.Start(psi, dir));
        try
        {
            await server.WaitUntilListeningAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        await _process.WaitUntilListeningAsync("knotd", [EndPoint], () => Log, TimeSpan.FromSeconds(20), cancellationToken);
    }
}
