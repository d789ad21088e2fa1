namespace SrvProvisioner.Core.Planning;

/// <summary>
/// Something the user should know. <see cref="Code"/> is stable for scripts. An error finding
/// makes <c>plan --detailed-exitcode</c> exit 2 (needs attention); a finding that <see cref="BlocksApply"/> makes apply refuse,
/// because applying would silently do nothing (e.g. SRV data beside a CNAME).
/// </summary>
public sealed record Finding(Severity Severity, string Code, string Message)
{
    public bool BlocksApply { get; init; }

    /// <summary>What the finding is about (an SRV target, a file) where a summary line needs to name it.</summary>
    public string? Subject { get; init; }
}
