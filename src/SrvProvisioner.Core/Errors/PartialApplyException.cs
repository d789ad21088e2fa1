using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Errors;

/// <summary>
/// A provider without multi-set transactions (Azure DNS) wrote some changes and then failed.
/// The message names what was written; re-planning and applying again converges.
/// </summary>
public sealed class PartialApplyException : SrvProvisionerException
{
    public PartialApplyException(string message, IReadOnlyList<RecordSetChange> applied, Exception? innerException = null)
        : base(message, innerException)
    {
        Applied = applied;
    }

    public IReadOnlyList<RecordSetChange> Applied { get; }
}
