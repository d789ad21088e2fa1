namespace SrvProvisioner.Providers.Route53.Api;

/// <summary>ChangeInfo: the change ID without the <c>/change/</c> prefix and its status, PENDING or INSYNC.</summary>
internal sealed record ApiChangeInfo(string Id, string Status)
{
    public bool IsInSync => string.Equals(Status, "INSYNC", StringComparison.Ordinal);
}
