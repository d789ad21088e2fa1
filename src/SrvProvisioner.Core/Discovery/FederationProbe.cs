using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SrvProvisioner.Core.Certificates;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// Probes one federation address: TCP connect, TLS with the SNI the spec requires, the
/// presented certificate (name, validity, chain), then <c>GET /_matrix/key/v2/server</c> and
/// <c>GET /_matrix/federation/v1/version</c> with the required Host header (server-server API,
/// "Retrieving server keys" and "Get the implementation name and version").
/// </summary>
internal sealed class FederationProbe(CertificateInspector inspector, TimeProvider time)
{
    private const string KeyPath = "/_matrix/key/v2/server";
    private const string VersionPath = "/_matrix/federation/v1/version";
    private const int MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// TCP connect and TLS handshake with the names <paramref name="target"/> requires, with
    /// their failures kept as results (a refused connect or a failed handshake is evidence, not
    /// an error); only cancellation throws. Started early when an address is only hinted.
    /// </summary>
    public static async Task<ProbeConnection> ConnectAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        Socket socket;
        try
        {
            socket = await EndpointConnector.ConnectAsync(target.EndPoint, cancellationToken);
        }
        catch (SocketException ex)
        {
            return ProbeConnection.ConnectFailed(ex.Message);
        }

        var capture = new TlsCapture();
        try
        {
            return ProbeConnection.Established(await HandshakeAsync(socket, target, capture, cancellationToken), capture);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            socket.Dispose();
            return ProbeConnection.HandshakeFailed(ex.Message);
        }
    }

    /// <summary>
    /// Probes <paramref name="target"/>, on <paramref name="started"/> when its connection was
    /// opened early (it must be a connection to the same endpoint with the same names).
    /// </summary>
    public async Task ProbeAsync(ProbeTarget target, VerifyLog log, CancellationToken cancellationToken, Task<ProbeConnection>? started = null)
    {
        var label = target.Label;
        var connection = await (started ?? ConnectAsync(target, cancellationToken));
        if (connection.ConnectError is { } connectError)
        {
            log.Fail($"{VerifyCheckKinds.Tcp} {label}", $"connect to {label} ({target.Destination}) failed: {connectError}");
            log.Finding(Severity.Error, DiscoveryFindingCodes.ConnectFailed, $"Nothing accepts connections on {label} ({target.Destination}): {connectError}.");
            return;
        }

        log.Pass($"{VerifyCheckKinds.Tcp} {label}", $"connected ({target.Destination})");
        if (connection.HandshakeError is { } handshakeError)
        {
            log.Fail($"{VerifyCheckKinds.Tls} {label}", $"TLS handshake with SNI {target.Sni ?? "(none)"} failed: {handshakeError}");
            log.Finding(Severity.Error, DiscoveryFindingCodes.TlsFailed, $"{label} ({target.Destination}) does not complete a TLS handshake for SNI {target.Sni ?? "(none)"}: {handshakeError}. Federation needs TLS on this port.");
            return;
        }

        var tls = connection.Stream!;
        log.Pass($"{VerifyCheckKinds.Tls} {label}", $"{tls.SslProtocol} with SNI {target.Sni ?? "(none: IP literal)"}");

        // The GETs go out first: the certificate is judged while they travel, which takes the
        // chain build off the critical path. The verdict and the log order are the same.
        var exchange = ExchangeAsync(target, tls, cancellationToken);
        CheckCertificate(target, connection.Capture!, log);
        var results = await exchange;
        CheckKey(results[0], target, log);
        CheckVersion(results[1], target, log);
    }

    private void CheckCertificate(ProbeTarget target, TlsCapture capture, VerifyLog log)
    {
        var label = target.Label;
        var report = inspector.Inspect(capture.Leaf!, capture.Intermediates, target.CertificateName);
        ReportCertificate(report, label, target.SrvTarget, log);
    }

    private static bool IsHostBelow(string name, string host) =>
        !name.StartsWith("*.", StringComparison.Ordinal) && name.EndsWith("." + host, StringComparison.OrdinalIgnoreCase);

    /// <summary>The three certificate checks and their findings (shared with <c>--cert-file</c>).</summary>
    internal static void ReportCertificate(CertificateReport report, string label, string? srvTarget, VerifyLog log)
    {
        var host = report.Host;
        if (report.CoversHost)
        {
            log.Pass($"{VerifyCheckKinds.CertificateName} {label}", $"covers {host} (names: {report.NamesText})");
        }
        else
        {
            log.Fail($"{VerifyCheckKinds.CertificateName} {label}", $"does not cover {host} (names: {report.NamesText})");
            if (report.WildcardMissesApex)
            {
                log.Finding(Severity.Error, DiscoveryFindingCodes.CertificateWildcardApex, $"The certificate on {label} has *.{host}, which never covers {host} itself (RFC 6125 §6.4.3: a wildcard stands for exactly one label). Add {host} to the certificate's names.");
            }
            else if (srvTarget is not null && report.DnsNames.Any(n => CertificateNameMatcher.Matches(n, srvTarget)))
            {
                log.Finding(Severity.Error, DiscoveryFindingCodes.CertificateForTargetOnly, $"The certificate on {label} is for the SRV target {srvTarget} but not for {host}: with SRV delegation remote servers send SNI {host} and require a certificate valid for {host} (the server name), not for the target. Get a certificate whose names include {host}.");
            }
            else if (srvTarget is null && report.DnsNames.FirstOrDefault(n => IsHostBelow(n, host)) is { } below)
            {
                // The same mistake as above, named the same way in plan and verify, when no SRV
                // target is known (verify --cert-file): a certificate for a host below the server name.
                log.Finding(Severity.Error, DiscoveryFindingCodes.CertificateForTargetOnly, $"The certificate on {label} is for {below} but not for {host}: with SRV delegation remote servers send SNI {host} and require a certificate valid for {host} (the server name), not for the target host. Get a certificate whose names include {host}.");
            }
            else
            {
                log.Finding(Severity.Error, DiscoveryFindingCodes.CertificateNameMismatch, $"The certificate on {label} is not valid for {host} (names: {report.NamesText}); remote servers will refuse it.");
            }
        }

        var until = report.NotAfter.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        switch (report.Validity)
        {
            case CertificateValidity.Valid:
                log.Pass($"{VerifyCheckKinds.CertificateValidity} {label}", $"valid until {until}");
                break;
            case CertificateValidity.ExpiresSoon:
                log.Pass($"{VerifyCheckKinds.CertificateValidity} {label}", $"valid until {until}, less than 14 days left");
                log.Finding(Severity.Warning, DiscoveryFindingCodes.CertificateExpiresSoon, $"The certificate on {label} expires {until}: renew it soon.");
                break;
            case CertificateValidity.Expired:
                log.Fail($"{VerifyCheckKinds.CertificateValidity} {label}", $"expired {until}");
                log.Finding(Severity.Error, DiscoveryFindingCodes.CertificateExpired, $"The certificate on {label} expired {until}: renew it.");
                break;
            default:
                var from = report.NotBefore.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
                log.Fail($"{VerifyCheckKinds.CertificateValidity} {label}", $"not valid before {from}");
                log.Finding(Severity.Error, DiscoveryFindingCodes.CertificateNotYetValid, $"The certificate on {label} is not valid before {from} (check the clock or the certificate).");
                break;
        }

        if (report.ChainTrusted)
        {
            log.Pass($"{VerifyCheckKinds.CertificateChain} {label}", report.ChainDetail);
        }
        else
        {
            log.Fail($"{VerifyCheckKinds.CertificateChain} {label}", report.ChainDetail);
            log.Finding(Severity.Error, DiscoveryFindingCodes.CertificateUntrusted, $"The certificate on {label} is {report.ChainDetail}; serve the full chain (leaf then intermediates) from a CA that homeservers trust.");
        }
    }

    /// <summary>The key and version GETs and their answers, in that order.</summary>
    private static async Task<HttpExchangeResult[]> ExchangeAsync(ProbeTarget target, SslStream first, CancellationToken cancellationToken)
    {
        // Both GETs go out together on the connection just opened and are answered in order
        // (HTTP/1.1 pipelining): one round trip for both.
        string[] paths = [KeyPath, VersionPath];
        var results = new HttpExchangeResult[paths.Length];
        await using (first)
        {
            var answered = await Http11Pipeline.ExchangeAsync(first, target.HostHeader, paths, MaxBodyBytes, cancellationToken);
            answered.ToArray().CopyTo(results, 0);
        }

        var missing = Enumerable.Range(0, paths.Length).Where(i => results[i].Unanswered).ToList();
        if (missing.Count > 0)
        {
            // A server that closes after a response (or does not pipeline) answers the rest on a fresh handshake.
            try
            {
                var socket = await EndpointConnector.ConnectAsync(target.EndPoint, cancellationToken);
                await using var again = await HandshakeAsync(socket, target, new TlsCapture(), cancellationToken);
                var retried = await Http11Pipeline.ExchangeAsync(again, target.HostHeader, [.. missing.Select(i => paths[i])], MaxBodyBytes, cancellationToken);
                for (var k = 0; k < missing.Count; k++)
                {
                    results[missing[k]] = retried[k].Unanswered ? HttpExchangeResult.Failed(retried[k].Error!) : retried[k];
                }
            }
            catch (Exception ex) when (ex is SocketException or AuthenticationException or IOException)
            {
                foreach (var i in missing)
                {
                    results[i] = HttpExchangeResult.Failed(ex.Message);
                }
            }
        }

        return results;
    }

    private void CheckKey(HttpExchangeResult result, ProbeTarget target, VerifyLog log)
    {
        var name = $"{VerifyCheckKinds.KeyEndpoint} {target.Label}";
        var (status, body, error) = result;
        if (error is not null)
        {
            log.Fail(name, $"GET {KeyPath} (Host: {target.HostHeader}) failed: {error}");
            log.Finding(Severity.Error, DiscoveryFindingCodes.KeyEndpointFailed, $"GET {KeyPath} on {target.Label} failed: {error}.");
            return;
        }

        if (status == 404)
        {
            log.Fail(name, $"GET {KeyPath} with Host: {target.HostHeader} answered 404");
            log.Finding(Severity.Error, DiscoveryFindingCodes.ProxyRejectsServerName, $"{target.Label} answered 404 to GET {KeyPath} with Host: {target.HostHeader}: the reverse proxy does not route that host to the homeserver (it usually accepts only the target's name). Add {target.HostHeader} to the federation virtual host or router rule on this port.");
            return;
        }

        if (status != 200)
        {
            log.Fail(name, $"GET {KeyPath} with Host: {target.HostHeader} answered HTTP {status}");
            log.Finding(Severity.Error, DiscoveryFindingCodes.KeyEndpointFailed, $"{target.Label} answered HTTP {status} to GET {KeyPath} with Host: {target.HostHeader}.");
            return;
        }

        string? serverName = null;
        long? validUntil = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (json.RootElement.TryGetProperty("server_name", out var sn) && sn.ValueKind == JsonValueKind.String)
                {
                    serverName = sn.GetString();
                }

                if (json.RootElement.TryGetProperty("valid_until_ts", out var vu) && vu.TryGetInt64(out var ts))
                {
                    validUntil = ts;
                }
            }
        }
        catch (JsonException)
        {
            // reported below as a response without server_name
        }

        if (serverName is null)
        {
            log.Fail(name, "the answer is not a key response (no JSON server_name)");
            log.Finding(Severity.Error, DiscoveryFindingCodes.KeyEndpointFailed, $"{target.Label} answered GET {KeyPath} without a JSON server_name: something other than a homeserver answers there.");
            return;
        }

        if (!string.Equals(serverName, target.ServerName, StringComparison.OrdinalIgnoreCase))
        {
            log.Fail(name, $"server_name is '{serverName}', expected '{target.ServerName}'");
            log.Finding(Severity.Error, DiscoveryFindingCodes.KeyServerNameMismatch, $"The homeserver behind {target.Label} calls itself '{serverName}', not '{target.ServerName}': delegation points at a different homeserver.");
            return;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (validUntil is not { } until || until <= now)
        {
            log.Fail(name, $"server_name {serverName}, but valid_until_ts {validUntil?.ToString(CultureInfo.InvariantCulture) ?? "(missing)"} is not in the future");
            log.Finding(Severity.Error, DiscoveryFindingCodes.KeyEndpointFailed, $"The key response of {target.Label} has no future valid_until_ts: remote servers will not accept its keys.");
            return;
        }

        var untilText = DateTimeOffset.FromUnixTimeMilliseconds(until).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        log.Pass(name, $"server_name {serverName}, keys valid until {untilText}");
    }

    private static void CheckVersion(HttpExchangeResult result, ProbeTarget target, VerifyLog log)
    {
        var name = $"{VerifyCheckKinds.VersionEndpoint} {target.Label}";
        var (status, body, error) = result;
        if (error is not null || status != 200)
        {
            var why = error ?? $"HTTP {status}";
            log.Fail(name, $"GET {VersionPath} (Host: {target.HostHeader}) failed: {why}");
            log.Finding(Severity.Error, DiscoveryFindingCodes.VersionEndpointFailed, $"GET {VersionPath} on {target.Label} with Host: {target.HostHeader} failed: {why}.");
            return;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var server = json.RootElement.GetProperty("server");
            var software = server.TryGetProperty("name", out var n) ? n.GetString() : "?";
            var version = server.TryGetProperty("version", out var v) ? v.GetString() : "?";
            log.Pass(name, $"{software} {version}");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            log.Fail(name, "the answer is not a version response (no JSON 'server' object)");
            log.Finding(Severity.Error, DiscoveryFindingCodes.VersionEndpointFailed, $"{target.Label} answered GET {VersionPath} without a JSON 'server' object.");
        }
    }

    private static async Task<SslStream> HandshakeAsync(Socket socket, ProbeTarget target, TlsCapture capture, CancellationToken cancellationToken)
    {
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            await stream.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    // An IP literal gets no SNI (RFC 6066 §3 forbids addresses in server_name).
                    TargetHost = target.Sni ?? string.Empty,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                    RemoteCertificateValidationCallback = capture.Capture,

                    // The verdict is ours (CertificateInspector builds the chain once, without
                    // downloads), so the platform's own build needs no trust anchors: an empty
                    // custom root store spares loading and searching the system store on every
                    // handshake, which dominated verify's CPU time (docs/performance.md, section 4).
                    CertificateChainPolicy = new X509ChainPolicy
                    {
                        TrustMode = X509ChainTrustMode.CustomRootTrust,
                        RevocationMode = X509RevocationMode.NoCheck,
                        DisableCertificateDownloads = true,
                    },
                },
                cancellationToken);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>Keeps the presented certificate and chain; the verdict is ours, so the handshake always proceeds.</summary>
    internal sealed class TlsCapture
    {
        public X509Certificate2? Leaf { get; private set; }

        public List<X509Certificate2> Intermediates { get; } = [];

        public bool Capture(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (certificate is null)
            {
                return false;
            }

            // SslStream disposes its certificate objects after this callback: keep our own. The
            // copy constructor shares the parsed certificate (a reference to OpenSSL's object);
            // decoding the bytes again cost a fifth of a fleet verify's CPU time with large SAN
            // lists (docs/performance.md, section 4).
            Leaf = new X509Certificate2(certificate);
            if (chain is not null)
            {
                // ExtraStore holds what the server sent besides the leaf; the built chain adds what the platform found there.
                foreach (var sent in chain.ChainPolicy.ExtraStore)
                {
                    Keep(sent);
                }

                foreach (var element in chain.ChainElements.Skip(1))
                {
                    Keep(element.Certificate);
                }
            }

            return true;
        }

        private void Keep(X509Certificate2 certificate)
        {
            var raw = certificate.RawDataMemory;
            if (!raw.Span.SequenceEqual(Leaf!.RawDataMemory.Span) && !Intermediates.Any(c => raw.Span.SequenceEqual(c.RawDataMemory.Span)))
            {
                Intermediates.Add(new X509Certificate2(certificate));
            }
        }
    }
}
