namespace SrvProvisioner.Core.Planning;

/// <summary>
/// Which provider a plan was made with and its non-secret settings, so that
/// <c>apply PLANFILE</c> talks to the same place. Secrets are read again from their usual
/// places at apply time and never stored.
/// </summary>
public sealed record ProviderReference(string Name, IReadOnlyDictionary<string, string> Settings);
