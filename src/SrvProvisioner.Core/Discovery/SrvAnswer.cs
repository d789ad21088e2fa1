using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Discovery;

/// <summary>One SRV record as DNS returned it, with its TTL.</summary>
public sealed record SrvAnswer(SrvRecord Record, int Ttl)
{
    public override string ToString() => $"{Record} (TTL {Ttl})";
}
