namespace SrvProvisioner.Core.Migration;

/// <summary>The stages of apply, in the order they run (stable names: scripts match on them).</summary>
public static class StageNames
{
    public const string Proof = "proof";
    public const string Dns = "dns";
    public const string Propagation = "propagation";
    public const string Config = "config";

    public static string StatusText(StageStatus status) => status switch
    {
        StageStatus.Done => "done",
        StageStatus.Refused => "refused",
        StageStatus.Skipped => "skipped",
        _ => "not-needed",
    };
}
