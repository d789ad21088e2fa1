namespace SrvProvisioner.Core.Json;

/// <summary>What plan read: the record sets apply expects to find and each config file's hash and diff.</summary>
public sealed record ObservedDocument
{
    public IReadOnlyList<RecordSetDocument>? Dns { get; init; }

    public IReadOnlyList<ConfigFileDocument>? ConfigFiles { get; init; }
}
