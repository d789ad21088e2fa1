namespace SrvProvisioner.Testing.Cloudflare;

/// <summary>
/// One record as the emulator holds it. SRV records keep <c>priority weight port target</c> in
/// <see cref="Content"/> (as Cloudflare derives <c>content</c> from <c>data</c>); <see cref="Proxied"/>
/// exists for A/AAAA/CNAME only.
/// </summary>
public sealed record CloudflareRecord(string Id, string Name, string Type, string Content, long Ttl, bool? Proxied)
{
    public string? Comment { get; init; }
}
