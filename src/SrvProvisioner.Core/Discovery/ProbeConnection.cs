using System.Net.Security;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// The outcome of a probe's TCP connect and TLS handshake: an established stream with the
/// certificates the server presented, or why the connect or the handshake failed.
/// </summary>
internal sealed class ProbeConnection : IAsyncDisposable
{
    private ProbeConnection(SslStream? stream, FederationProbe.TlsCapture? capture, string? connectError, string? handshakeError)
    {
        Stream = stream;
        Capture = capture;
        ConnectError = connectError;
        HandshakeError = handshakeError;
    }

    public SslStream? Stream { get; }

    public FederationProbe.TlsCapture? Capture { get; }

    public string? ConnectError { get; }

    public string? HandshakeError { get; }

    public static ProbeConnection Established(SslStream stream, FederationProbe.TlsCapture capture) => new(stream, capture, null, null);

    public static ProbeConnection ConnectFailed(string error) => new(null, null, error, null);

    public static ProbeConnection HandshakeFailed(string error) => new(null, null, null, error);

    public ValueTask DisposeAsync() => Stream?.DisposeAsync() ?? ValueTask.CompletedTask;
}
