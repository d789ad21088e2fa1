using System.Text.Json;
using System.Text.Json.Nodes;
using SrvProvisioner.Core.Discovery;

namespace SrvProvisioner.Cli.Rendering;

/// <summary>verify's JSON document: <c>serverName</c>, <c>checks</c> and <c>findings</c>, nothing else.</summary>
internal static class VerifyJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Serialize(VerifyReport report)
    {
        var root = new JsonObject
        {
            ["serverName"] = report.ServerName,
            ["checks"] = new JsonArray([.. report.Checks.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["status"] = c.Status.ToString().ToLowerInvariant(),
                ["detail"] = c.Detail,
            })]),
            ["findings"] = new JsonArray([.. report.Findings.Select(f => (JsonNode)new JsonObject
            {
                ["severity"] = f.Severity.ToString().ToLowerInvariant(),
                ["code"] = f.Code,
                ["message"] = f.Message,
            })]),
        };
        return root.ToJsonString(Indented);
    }
}
