using Azure.Core;

namespace SrvProvisioner.Providers.AzureDns.Auth;

/// <summary>
/// A bearer token fetched by someone else (<c>AZURE_ACCESS_TOKEN</c>, e.g. from
/// <c>az account get-access-token</c> in a pipeline). Its lifetime is unknown here, so it is
/// reported as valid for an hour; ARM answers 401 when it has expired, which the provider
/// reports as one line naming the variable.
/// </summary>
internal sealed class StaticTokenCredential : TokenCredential
{
    private readonly string _token;

    public StaticTokenCredential(string token)
    {
        _token = token.Trim();
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(_token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
