namespace SrvProvisioner.Testing.Cloudflare;

/// <summary>A zone of the emulator: its id, name and records (guarded by the emulator's lock).</summary>
public sealed class CloudflareZone
{
    internal CloudflareZone(string id, string name)
    {
        Id = id;
        Name = name;
    }

    public string Id { get; }

    public string Name { get; }

    internal List<CloudflareRecord> Records { get; set; } = [];
}
