namespace SrvProvisioner.Cli;

/// <summary>The same exit codes for every command (design: "Exit codes").</summary>
internal static class ExitCodes
{
    /// <summary>Done, and nothing needs attention.</summary>
    public const int Ok = 0;

    /// <summary>Bad input, unreachable provider, stale plan, or no network/DNS answer at all so nothing could be checked.</summary>
    public const int Error = 1;

    /// <summary>A plan with --detailed-exitcode has changes, or verify found a failing check.</summary>
    public const int NeedsAttention = 2;
}
