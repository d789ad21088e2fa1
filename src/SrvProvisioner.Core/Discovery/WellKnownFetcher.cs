using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SrvProvisioner.Core.Certificates;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// Fetches <c>/.well-known/matrix/server</c> as a homeserver does (spec "Resolving server
/// names", step 3): redirects followed without loops, the body capped at 50 KiB, a timeout;
/// any invalid answer (non-200, bad JSON, missing or malformed <c>m.server</c>, TLS failure)
/// means "go on to SRV". One instance (one connection pool) serves many fetches.
/// </summary>
public sealed class WellKnownFetcher : IDisposable
{
    public const int MaxBodyBytes = 50 * 1024;
    public const int MaxRedirects = 10;

    private readonly HttpClient _client;

    public WellKnownFetcher(EndpointConnector connector, ChainTrust trust, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(trust);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = async (context, ct) =>
            {
                var socket = await connector.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                // The verdict is ChainTrust's, as for the federation probe: the platform's own
                // build gets an empty custom root store, so no handshake loads the system store
                // (~75 ms of CPU that sat between this handshake and its GET).
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    RevocationMode = X509RevocationMode.NoCheck,
                    DisableCertificateDownloads = true,
                },
                RemoteCertificateValidationCallback = (sender, certificate, chain, _) =>
                    trust.JudgeServer(certificate, chain, ((SslStream)sender).TargetHostName).Accepted,
            },
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("srvprov", "1"));
    }

    public async Task<WellKnownResult> FetchAsync(MatrixServerName serverName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        var start = new Uri($"https://{serverName.HostForUrl}/.well-known/matrix/server");
        var url = start;
        var chain = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { url.AbsoluteUri };
        for (var hop = 0; ; hop++)
        {
            HttpResponseMessage response;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                chain.Add($"{url} -> {Describe(ex)}");
                return new WellKnownResult(start.AbsoluteUri, false, $"not served: {Describe(ex)}") { RedirectChain = chain };
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                var server = response.Headers.Server.Count > 0 ? response.Headers.Server.ToString() : null;
                if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                    chain.Add($"{status} {url} -> {next}");
                    if (!visited.Add(next.AbsoluteUri))
                    {
                        return new WellKnownResult(start.AbsoluteUri, false, $"redirect loop at {next}") { StatusCode = status, ServerHeader = server, RedirectChain = chain };
                    }

                    if (hop + 1 >= MaxRedirects)
                    {
                        return new WellKnownResult(start.AbsoluteUri, false, $"more than {MaxRedirects} redirects") { StatusCode = status, ServerHeader = server, RedirectChain = chain };
                    }

                    url = next;
                    continue;
                }

                chain.Add($"{status} {url}");
                var result = new WellKnownResult(start.AbsoluteUri, false, string.Empty)
                {
                    StatusCode = status,
                    ServerHeader = server,
                    RedirectChain = chain,
                    CacheMaxAge = response.Headers.CacheControl?.MaxAge,
                    Expires = response.Content.Headers.Expires,
                    Date = response.Headers.Date,
                };
                if (status != 200)
                {
                    return result with { Reason = $"not served: HTTP {status}" };
                }

                var body = await ReadCappedAsync(response.Content, cancellationToken);
                if (body is null)
                {
                    return result with { Reason = $"invalid: the body is larger than {MaxBodyBytes / 1024} KiB" };
                }

                return Interpret(body, result with { Body = body });
            }
        }
    }

    public void Dispose() => _client.Dispose();

    private static WellKnownResult Interpret(byte[] body, WellKnownResult result)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("m.server", out var value) || value.ValueKind != JsonValueKind.String)
            {
                return result with { Reason = "invalid: the JSON has no string 'm.server'" };
            }

            var text = value.GetString()!;
            try
            {
                var delegated = MatrixServerName.Parse(text, "m.server");
                return result with { IsValid = true, Delegated = delegated, Reason = $"served: m.server = {text}" };
            }
            catch (InvalidInputException ex)
            {
                return result with { Reason = $"invalid: {ex.Message}" };
            }
        }
        catch (JsonException)
        {
            return result with { Reason = "invalid: the body is not JSON" };
        }
    }

    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return total > MaxBodyBytes ? null : buffer[..total];
    }

    private static string Describe(HttpRequestException ex)
    {
        var inner = ex.InnerException;
        return inner switch
        {
            System.Security.Authentication.AuthenticationException auth => $"TLS failed ({auth.Message})",
            System.Net.Sockets.SocketException socket => $"connection failed ({socket.Message})",
            _ when inner?.InnerException is System.Net.Sockets.SocketException s => $"connection failed ({s.Message})",
            _ => ex.Message,
        };
    }
}
