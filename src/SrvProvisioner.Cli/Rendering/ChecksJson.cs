using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Json;

namespace SrvProvisioner.Cli.Rendering;

/// <summary>Checks in verify's JSON shape (<c>name</c>, <c>status</c> = pass | fail | skip, <c>detail</c>), for verify and apply's proof.</summary>
internal static class ChecksJson
{
    public static IReadOnlyList<VerifyCheckDocument> From(IEnumerable<VerifyCheck> checks) =>
        [.. checks.Select(c => new VerifyCheckDocument
        {
            Name = c.Name,
            Status = c.Status.ToString().ToLowerInvariant(),
            Detail = c.Detail,
        })];
}
