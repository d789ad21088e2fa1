namespace SrvProvisioner.Core.Json;

/// <summary>
/// What <c>verify --format json</c> prints for one server name: <see cref="Checks"/> and
/// <see cref="Findings"/>; in a fleet's document also <see cref="Status"/>.
/// </summary>
public sealed record VerifyDocument
{
    public string? ServerName { get; init; }

    public IReadOnlyList<VerifyCheckDocument>? Checks { get; init; }

    public IReadOnlyList<FindingDocument>? Findings { get; init; }

    /// <summary><c>pass</c>, <c>fail</c> or <c>skip</c> (could not be checked); only in <c>verify --file</c>'s document.</summary>
    public string? Status { get; init; }
}
