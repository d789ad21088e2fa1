using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Providers.Rfc2136;

public sealed class Rfc2136ProviderFactory : IDnsProviderFactory
{
    public const string ProviderName = "rfc2136";
    public const string ServerOption = "--rfc2136-server";
    public const string KeyFileOption = "--rfc2136-key-file";
    public const string ZoneOption = "--rfc2136-zone";
    public const string TimeoutOption = "--rfc2136-timeout";

    /// <summary>For CI systems: the key block itself, or algorithm:name:secret.</summary>
    public const string KeyEnvironmentVariable = "SRVPROV_RFC2136_KEY";

    private readonly ProviderDependencies _dependencies;

    public Rfc2136ProviderFactory()
        : this(ProviderDependencies.Default)
    {
    }

    /// <summary>The environment (<see cref="KeyEnvironmentVariable"/>), see <see cref="ProviderDependencies"/>; DNS goes over its own sockets.</summary>
    public Rfc2136ProviderFactory(ProviderDependencies dependencies)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        _dependencies = dependencies;
    }

    public string Name => ProviderName;

    public string Description => "Any DNS server that takes RFC 2136 dynamic updates signed with TSIG (BIND, Knot, PowerDNS, Technitium).";

    public ProviderCapabilities Capabilities =>
        ProviderCapabilities.AtomicBatch | ProviderCapabilities.ConditionalWrites;

    public IReadOnlyList<ProviderOption> Options { get; } =
    [
        new(ServerOption, "The zone's primary server: HOST[:PORT] (port 53 by default).") { Required = true, ValueName = "HOST[:PORT]" },
        new(KeyFileOption, $"TSIG key file as tsig-keygen writes it (hmac-sha256, -sha512, -sha1). Else ${KeyEnvironmentVariable} holds the key block or algorithm:name:secret.") { ValueName = "FILE" },
        new(ZoneOption, "The zone to update when the server should not be asked (it is found from the SOA otherwise).") { ValueName = "ZONE" },
        new(TimeoutOption, "How long to wait for each answer (default 5s).") { ValueName = "DURATION" },
    ];

    public IDnsProvider Create(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var server = settings.GetRequired(ServerOption);
        ServerAddress.Split(server);
        TsigKey? key = null;
        if (settings.Get(KeyFileOption) is { } keyFile)
        {
            key = TsigKey.FromBindFile(keyFile);
        }
        else if (_dependencies.Environment(KeyEnvironmentVariable) is { Length: > 0 } keyText)
        {
            key = TsigKey.Parse(keyText, "$" + KeyEnvironmentVariable);
        }

        var zone = settings.Get(ZoneOption) is { } z ? DnsName.Parse(z) : null;
        var timeout = settings.GetDuration(TimeoutOption) ?? TimeSpan.FromSeconds(5);
        return new Rfc2136Provider(server, key, timeout, zone);
    }
}
