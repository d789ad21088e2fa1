namespace SrvProvisioner.Core.Fleet;

/// <summary>
/// A named provider account in a fleet file: its type (<c>route53</c>, <c>rfc2136</c>, …)
/// and its options by their command-line names without the leading dashes.
/// </summary>
public sealed record FleetProviderBlock(string Name, string Type, IReadOnlyDictionary<string, FleetValue> Options, string Location);
