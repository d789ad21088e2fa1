using SrvProvisioner.Core.Providers;
using SrvProvisioner.Providers.Cloudflare.Api;

namespace SrvProvisioner.Providers.Cloudflare;

/// <summary>One batch request and the changes it carries.</summary>
internal sealed record CloudflareBatchPart(IReadOnlyList<RecordSetChange> Changes, ApiBatchRequest Request)
{
    public int Operations => Request.Deletes.Count + Request.Posts.Count;
}
