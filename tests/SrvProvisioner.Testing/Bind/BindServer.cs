using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Bind;

/// <summary>
/// A real BIND <c>named</c> on a free loopback port, serving the given zones and accepting
/// RFC 2136 updates signed with a generated TSIG key. Started per test class (or test) and
/// stopped on dispose. A missing <c>named</c> is a failure that says how to install it.
/// </summary>
public sealed class BindServer : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private BindServer(string directory, IPAddress address, int port, TsigKeyFile key, string keyFilePath, ServerProcess process, IReadOnlyList<BindZone> zones)
    {
        Directory = directory;
        ListenAddress = address;
        Port = port;
        Key = key;
        KeyFilePath = keyFilePath;
        _process = process;
        Zones = zones;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>The loopback address named listens on (127.0.0.1 unless another was asked for).</summary>
    public IPAddress ListenAddress { get; }

    public IPEndPoint EndPoint => new(ListenAddress, Port);

    /// <summary>"127.0.0.1:PORT", the form <c>--rfc2136-server</c> and <c>--dns-server</c> take.</summary>
    public string Address => $"{ListenAddress}:{Port}";

    public TsigKeyFile Key { get; }

    public string KeyFilePath { get; }

    public IReadOnlyList<BindZone> Zones { get; }

    public string Log => _process.Output;

    public static string FindNamed()
    {
        foreach (var candidate in new[] { "/usr/sbin/named", "/usr/local/sbin/named", "/usr/bin/named" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("BIND 'named' is not installed: run 'apt-get install -y bind9 bind9-utils' (the .ci/run script does this).");
    }

    public static string FindNamedCheckZone()
    {
        foreach (var candidate in new[] { "/usr/bin/named-checkzone", "/usr/sbin/named-checkzone" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("named-checkzone is not installed: run 'apt-get install -y bind9-utils'.");
    }

    /// <summary>
    /// Starts named on <paramref name="listen"/> (default: 127.0.0.1 on a free port). A fixed
    /// endpoint such as 127.0.53.1:53 is for tests whose name servers must answer on port 53
    /// (what remote resolvers ask); those fail at once when something else holds it.
    /// </summary>
    public static async Task<BindServer> StartAsync(IEnumerable<BindZone> zones, TsigKeyFile? key = null, string? extraOptions = null, CancellationToken cancellationToken = default, IPEndPoint? listen = null)
    {
        var named = FindNamed();
        var zoneList = zones.ToList();
        key ??= TsigKeyFile.Generate();
        var address = listen?.Address ?? IPAddress.Loopback;
        var port = listen?.Port ?? FreePort.Find();
        if (listen is not null)
        {
            FreePort.EnsureFree(listen);
        }

        var dir = System.IO.Directory.CreateTempSubdirectory("srvprov-bind-").FullName;
        var keyFile = key.WriteTo(dir);

        var conf = new StringBuilder();
        conf.Append(CultureInfo.InvariantCulture, $$"""
            options {
                directory "{{dir}}";
                listen-on port {{port}} { {{address}}; };
                listen-on-v6 { none; };
                pid-file "{{dir}}/named.pid";
                session-keyfile "{{dir}}/session.key";
                managed-keys-directory "{{dir}}";
                recursion no;
                dnssec-validation no;
                notify no;
                {{extraOptions}}
            };
            controls { };

            """);
        conf.Append(key.ToBindBlock());
        foreach (var zone in zoneList)
        {
            var origin = zone.Origin.TrimEnd('.');
            var file = Path.Combine(dir, origin + ".zone");
            if (zone.Primary is { } primary)
            {
                // A secondary: it copies the zone from its primary (AXFR/IXFR, RFC 5936/1995).
                conf.Append(CultureInfo.InvariantCulture, $"zone \"{origin}\" {{ type secondary; primaries {{ {primary}; }}; file \"{file}\"; }};\n");
                continue;
            }

            await File.WriteAllTextAsync(file, zone.MasterFileText, cancellationToken);
            var update = zone.AllowUpdate ? $"allow-update {{ key \"{key.Name}\"; }};" : "allow-update { none; };";
            conf.Append(CultureInfo.InvariantCulture, $"zone \"{origin}\" {{ type primary; file \"{file}\"; {update} journal \"{file}.jnl\"; {zone.ZoneOptions} }};\n");
        }

        var confPath = Path.Combine(dir, "named.conf");
        await File.WriteAllTextAsync(confPath, conf.ToString(), cancellationToken);

        var psi = new ProcessStartInfo(named);
        foreach (var a in new[] { "-g", "-4", "-c", confPath, "-p", port.ToString(CultureInfo.InvariantCulture), "-n", "1" })
        {
            psi.ArgumentList.Add(a);
        }

        if (Environment.UserName == "root")
        {
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add("root");
        }

        var server = new BindServer(dir, address, port, key, keyFile, ServerProcess.Start(psi, dir), zoneList);
        try
        {
            await server.WaitUntilAnsweringAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The master file the zone was loaded from (updates go to its journal, not into it).</summary>
    public string ZoneFilePath(string origin) => Path.Combine(Directory, origin.TrimEnd('.') + ".zone");

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>Waits until named answers a TCP connection and a UDP query on its port.</summary>
    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        // "running" in named's log: it has loaded its zones, not only opened its sockets.
        await _process.WaitUntilListeningAsync("named", [new IPEndPoint(ListenAddress, Port)], () => Log, TimeSpan.FromSeconds(20), cancellationToken, () => Log.Contains("running", StringComparison.Ordinal));
    }
}
