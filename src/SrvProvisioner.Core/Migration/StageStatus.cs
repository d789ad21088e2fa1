namespace SrvProvisioner.Core.Migration;

/// <summary>How one stage of apply ended (JSON <c>stages[].status</c>).</summary>
public enum StageStatus
{
    /// <summary>The stage ran and did what it had to.</summary>
    Done,

    /// <summary>The stage was not run because what it needs did not hold (exit 2).</summary>
    Refused,

    /// <summary>The stage was not run on purpose (<c>--skip-proof</c>) or could not be checked (said in its detail).</summary>
    Skipped,

    /// <summary>Nothing for this stage to do.</summary>
    NotNeeded,
}
