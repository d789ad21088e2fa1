using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Route53;

/// <summary>
/// Route 53's own value texts, kept in a plan as <see cref="Core.Dns.RecordSet.Version"/> (a JSON
/// array of strings) so that an exact DELETE sends back what Route 53 holds.
/// </summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class Route53VersionJsonContext : JsonSerializerContext;
