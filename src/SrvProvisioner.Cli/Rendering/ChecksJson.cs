using System.Text.Json.Nodes;
using SrvProvisioner.Core.Discovery;

namespace SrvProvisioner.Cli.Rendering;

/// <summary>Checks in verify's JSON shape (<c>name</c>, <c>status</c> = pass | fail | skip, <c>detail</c>), for verify and apply's proof.</summary>
internal static class ChecksJson
{
    public static JsonArray From(IEnumerable<VerifyCheck> checks) =>
        new([.. checks.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["status"] = c.Status.ToString().ToLowerInvariant(),
            ["detail"] = c.Detail,
        })]);
}
