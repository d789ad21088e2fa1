namespace SrvProvisioner.Core.Migration.Propagation;

/// <summary>What one authoritative server answered last: whether it serves every expected set, and what it said otherwise.</summary>
public sealed record ServerAnswer(AuthoritativeServer Server, bool Serves, string Detail);
