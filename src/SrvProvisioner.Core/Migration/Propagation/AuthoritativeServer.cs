using System.Net;
using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Migration.Propagation;

/// <summary>One address of one name server of the zone's NS set.</summary>
public sealed record AuthoritativeServer(DnsName NameServer, IPAddress Address)
{
    /// <summary>Remote resolvers ask name servers on port 53 (RFC 1035 §4.2).</summary>
    public const int Port = 53;

    public override string ToString() => $"{NameServer.Fqdn} ({Address})";
}
