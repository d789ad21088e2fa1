using SrvProvisioner.Core.Discovery;

namespace SrvProvisioner.Core.Migration;

/// <summary>How apply proves and waits: verify's network options and apply's own.</summary>
public sealed record MigrationSettings(VerifySettings Verify)
{
    /// <summary><c>--skip-proof</c>: run the gated stages without the proof (said loudly).</summary>
    public bool SkipProof { get; init; }

    /// <summary><c>--propagation-timeout</c>: how long to wait for every authoritative server.</summary>
    public TimeSpan PropagationTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>--cert-file</c>: a certificate to be served for the server name, part of the proof.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>How often lagging servers are asked again.</summary>
    public TimeSpan PropagationPollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
