using System.Diagnostics;
using System.Net;

namespace SrvProvisioner.Testing.Net;

/// <summary>
/// A web server (nginx, Apache httpd, Caddy) run by a test from its own configuration tree in a
/// temp directory, listening on a free loopback port: started and waited for until it listens,
/// asked over plain HTTP with any Host, stopped and its tree removed on dispose.
/// </summary>
public abstract class LiveSiteTree : IAsyncDisposable
{
    private ServerProcess? _process;

    protected LiveSiteTree(string directory, int port)
    {
        Directory = directory;
        Port = port;
    }

    /// <summary>The tree's directory (removed on dispose).</summary>
    public string Directory { get; }

    /// <summary>The loopback port the site listens on.</summary>
    public int Port { get; }

    /// <summary>What the server wrote to its stdout and stderr so far.</summary>
    public string Output => _process?.Output ?? string.Empty;

    /// <summary>The server's name in messages ("nginx").</summary>
    protected abstract string ServerName { get; }

    /// <summary>What to show when the server fails to start (its error log, or its output).</summary>
    protected virtual string Diagnostics => Output;

    /// <summary>GET <paramref name="path"/> with Host <paramref name="host"/> on a new connection: status and body bytes.</summary>
    public async Task<(int Status, byte[] Body)> GetAsync(string host, string path, CancellationToken cancellationToken = default)
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{Port}{path}"));
        request.Headers.Host = host;
        request.Headers.ConnectionClose = true;
        using var response = await client.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a test machine's temp directory
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Starts the server and returns once it accepts connections on <see cref="Port"/> (20 s at most).</summary>
    protected async Task StartProcessAsync(ProcessStartInfo psi, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(psi);

        // The process owns no directory: the tree is removed by DisposeAsync after the server stopped.
        _process = ServerProcess.Start(psi, Path.Combine(Directory, "no-such-dir"));
        await _process.WaitUntilListeningAsync(ServerName, [new IPEndPoint(IPAddress.Loopback, Port)], () => Diagnostics == Output ? Output : Diagnostics + Output, TimeSpan.FromSeconds(20), cancellationToken);
    }
}
