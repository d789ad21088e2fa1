using System.Text.Json.Nodes;

namespace SrvProvisioner.Testing.AzureDns;

/// <summary>
/// A record set as the emulator stores it: type, relative name, TTL, the type's record
/// property exactly as the client sent it (<c>SRVRecords</c>, <c>CNAMERecord</c>, ...), its
/// ETag, and <see cref="Values"/> in presentation form for assertions
/// (<c>10 0 8448 matrix.example.com.</c>).
/// </summary>
public sealed record AzureEmulatedRecordSet(string Type, string RelativeName, long Ttl, JsonNode Records, string ETag)
{
    public IReadOnlyList<string> Values => AzureRecordText.Values(Type, Records);
}
