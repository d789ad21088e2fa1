namespace SrvProvisioner.Cli.Commands.Acme;

/// <summary>The hook's own settings besides the provider: where to find name servers, how long to wait, the TTL.</summary>
internal sealed record HookSettings(string? DnsServer, TimeSpan PropagationTimeout, uint Ttl);
