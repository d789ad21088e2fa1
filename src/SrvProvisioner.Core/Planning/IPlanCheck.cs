namespace SrvProvisioner.Core.Planning;

/// <summary>
/// An extra look that adds findings to a plan without changing anything: the live
/// well-known file (<c>--check-live</c>), a certificate file (<c>--cert-file</c>).
/// </summary>
public interface IPlanCheck
{
    /// <summary>True when <paramref name="request"/> asks for this check.</summary>
    bool AppliesTo(PlanRequest request);

    Task<IReadOnlyList<Finding>> RunAsync(PlanRequest request, CancellationToken cancellationToken);
}
