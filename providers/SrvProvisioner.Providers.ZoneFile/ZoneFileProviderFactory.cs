using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Providers.ZoneFile;

public sealed class ZoneFileProviderFactory : IDnsProviderFactory
{
    public const string ProviderName = "zonefile";
    public const string ZoneFileOption = "--zone-file";
    public const string ZoneOption = "--zone";

    public string Name => ProviderName;

    public string Description => "An RFC 1035 zone file on disk, edited in place (offline; reload your DNS server afterwards).";

    public ProviderCapabilities Capabilities =>
        ProviderCapabilities.AtomicBatch | ProviderCapabilities.ConditionalWrites;

    public IReadOnlyList<ProviderOption> Options { get; } =
    [
        new(ZoneFileOption, "The zone's master file to read and edit.") { Required = true, ValueName = "FILE" },
        new(ZoneOption, "The zone's origin when the file has no $ORIGIN and no fully qualified SOA owner.") { ValueName = "ZONE" },
    ];

    public IDnsProvider Create(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = settings.GetRequired(ZoneFileOption);
        var zone = settings.Get(ZoneOption);
        if (Directory.Exists(path))
        {
            throw new Core.Errors.InvalidInputException($"{ZoneFileOption} {path} is a directory: give the zone's master file inside it, e.g. {Path.Combine(path, "example.com.zone")}.");
        }

        if (!File.Exists(path))
        {
            throw new Core.Errors.InvalidInputException($"Zone file {path} does not exist.");
        }

        return new ZoneFileProvider(path, zone is null ? null : DnsName.Parse(zone));
    }
}
