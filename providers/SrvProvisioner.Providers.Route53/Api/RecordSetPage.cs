namespace SrvProvisioner.Providers.Route53.Api;

/// <summary>A page of ListResourceRecordSets and where the next one starts.</summary>
internal sealed record RecordSetPage(IReadOnlyList<ApiRecordSet> Sets, bool IsTruncated, string? NextRecordName, string? NextRecordType, string? NextRecordIdentifier);
