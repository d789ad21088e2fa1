namespace SrvProvisioner.Providers.Route53.Api;

/// <summary>One Change of a ChangeResourceRecordSets batch. This tool sends only CREATE and DELETE.</summary>
internal sealed record ApiChange(string Action, ApiRecordSet Set)
{
    public const string Create = "CREATE";
    public const string Delete = "DELETE";
}
