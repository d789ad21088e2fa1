namespace SrvProvisioner.Core.Dns;

/// <summary>
/// The SRV owner names a homeserver looks up for a server name (Matrix server-server API,
/// "Resolving server names", steps 4 and 5): <c>_matrix-fed._tcp</c> first (IANA-registered,
/// spec v1.8), then the deprecated <c>_matrix._tcp</c> only when the first has no record.
/// </summary>
public static class MatrixSrvNames
{
    public const string FedService = "_matrix-fed._tcp";
    public const string LegacyService = "_matrix._tcp";

    public static DnsName Fed(DnsName serverName) => serverName.Prepend(FedService);

    public static DnsName Legacy(DnsName serverName) => serverName.Prepend(LegacyService);

    /// <summary>The names to publish for <paramref name="services"/>, fed first.</summary>
    public static IReadOnlyList<DnsName> For(DnsName serverName, MatrixServices services) => services switch
    {
        MatrixServices.Both => [Fed(serverName), Legacy(serverName)],
        MatrixServices.Fed => [Fed(serverName)],
        MatrixServices.Legacy => [Legacy(serverName)],
        _ => throw new ArgumentOutOfRangeException(nameof(services), services, null),
    };
}
