using Azure.Core;
using Azure.Core.Pipeline;

namespace SrvProvisioner.Providers.AzureDns.Auth;

/// <summary>
/// Adds <c>Authorization: Bearer</c> for a plain-http loopback endpoint, which Azure.Core's
/// <see cref="BearerTokenAuthenticationPolicy"/> refuses ("not permitted for non TLS protected
/// (https) endpoints"). It checks every request again, so a token can never go over http to a
/// host that is not this machine, whatever URL a response points to.
/// </summary>
internal sealed class LoopbackBearerTokenPolicy : HttpPipelinePolicy
{
    private readonly TokenCredential _credential;
    private readonly TokenRequestContext _context;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _token;

    public LoopbackBearerTokenPolicy(TokenCredential credential, string scope)
    {
        _credential = credential;
        _context = new TokenRequestContext([scope]);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        EnsureAllowed(message);
        var token = await TokenAsync(message.CancellationToken);
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, "Bearer " + token);
        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        EnsureAllowed(message);
        var token = TokenAsync(message.CancellationToken).AsTask().GetAwaiter().GetResult();
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, "Bearer " + token);
        ProcessNext(message, pipeline);
    }

    private static void EnsureAllowed(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        if (!AzureEndpoint.MayCarryToken(uri))
        {
            throw new InvalidOperationException($"Refusing to send a bearer token over http to {uri.GetLeftPart(UriPartial.Authority)}: only loopback hosts may use http.");
        }
    }

    private async ValueTask<string> TokenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is not { } cached || cached.ExpiresOn <= DateTimeOffset.UtcNow.AddMinutes(5))
            {
                _token = await _credential.GetTokenAsync(_context, cancellationToken);
            }

            return _token.Value.Token;
        }
        finally
        {
            _gate.Release();
        }
    }
}
