namespace SrvProvisioner.Core.IO;

/// <summary>
/// A kind of file srvprov reads, with the largest size it accepts (README, "Safety"): a cap far
/// above any real file of the kind, so <c>/dev/zero</c>-like or runaway inputs end in one clear
/// error instead of exhausting memory.
/// </summary>
public sealed record InputKind(string Description, long MaxBytes)
{
    private const long MiB = 1024 * 1024;

    /// <summary>RFC 1035 master files: 512 MiB is several million records.</summary>
    public static InputKind ZoneFile { get; } = new("zone file", 512 * MiB);

    public static InputKind ConfigFile { get; } = new("config file", 16 * MiB);

    public static InputKind PlanFile { get; } = new("plan file", 64 * MiB);

    public static InputKind FleetFile { get; } = new("fleet file", 64 * MiB);

    public static InputKind PemFile { get; } = new("PEM file", 4 * MiB);

    public static InputKind KeyFile { get; } = new("key file", 1 * MiB);

    public static InputKind CredentialsFile { get; } = new("credentials file", 1 * MiB);

    /// <summary>A secret given as <c>{file: PATH}</c>: a token or password, never large.</summary>
    public static InputKind SecretFile { get; } = new("secret file", 64 * 1024);
}
