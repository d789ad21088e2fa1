using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Cli.Composition;

/// <summary>The provider a command uses, its settings, and what a plan file records of them.</summary>
internal sealed record ProviderChoice(IDnsProviderFactory Factory, ProviderSettings Settings, ProviderReference Reference);
