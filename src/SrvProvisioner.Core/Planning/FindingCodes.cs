namespace SrvProvisioner.Core.Planning;

/// <summary>Stable finding codes (scripts match on them; never rename one).</summary>
public static class FindingCodes
{
    public const string FedLegacyMismatch = "srv-fed-legacy-mismatch";
    public const string CnameAtSrvName = "cname-at-srv-name";
    public const string TargetIsCname = "srv-target-is-cname";
    public const string TargetHasNoAddress = "srv-target-no-address";
    public const string TargetLookupFailed = "srv-target-lookup-failed";
    public const string TtlOnlyDifference = "srv-ttl-only-difference";
    public const string OtherServiceLeftAlone = "srv-other-service-left";
    public const string ProviderAdjusted = "srv-provider-adjusted";
}
