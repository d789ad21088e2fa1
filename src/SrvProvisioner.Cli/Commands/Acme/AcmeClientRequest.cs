namespace SrvProvisioner.Cli.Commands.Acme;

/// <summary>What <c>srvprov cert</c> asks of the ACME client.</summary>
internal sealed record AcmeClientRequest(AcmeClientKind Client, IReadOnlyList<string> Names, string? Server, string? Email, string? DnsServer);
