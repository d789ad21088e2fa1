namespace SrvProvisioner.Core.Json;

/// <summary>The hosted zone a plan writes to; <see cref="Id"/> is the provider's own identifier.</summary>
public sealed record ZoneDocument
{
    public string? Name { get; init; }

    public string? Id { get; init; }

    public bool? Private { get; init; }
}
