using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Json;

namespace SrvProvisioner.Cli.Rendering;

/// <summary>verify's JSON document: <c>serverName</c>, <c>checks</c> and <c>findings</c>, nothing else.</summary>
internal static class VerifyJson
{
    public static string Serialize(VerifyReport report) => SrvprovJson.Serialize(ToDocument(report), c => c.VerifyDocument);

    public static VerifyDocument ToDocument(VerifyReport report) => new()
    {
        ServerName = report.ServerName,
        Checks = ChecksJson.From(report.Checks),
        Findings = [.. report.Findings.Select(f => new FindingDocument
        {
            Severity = f.Severity.ToString().ToLowerInvariant(),
            Code = f.Code,
            Message = f.Message,
        })],
    };
}
