namespace SrvProvisioner.Providers.AzureDns.Api;

/// <summary>
/// One ARM answer, copied out of the pipeline's message: status, body, the ETag header and how
/// many times Azure.Core's retry policy re-sent the request before this answer.
/// </summary>
internal sealed record ArmResponse(int Status, BinaryData Content, string? ETag, int Retries)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}
