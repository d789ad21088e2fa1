using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SrvProvisioner.Testing.Net;

/// <summary>
/// A server started as a child process for a test (named, nginx, knotd, pebble...): its output
/// collected, waited for until it listens, and on dispose the process tree killed and its working directory removed.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _directory;

    private ServerProcess(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ServerProcess Start(ProcessStartInfo startInfo, string directory)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.UseShellExecute = false;
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {startInfo.FileName}");
        var server = new ServerProcess(process, directory);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return server;
    }

    /// <summary>
    /// Returns once every endpoint accepts a TCP connection (and <paramref name="ready"/>, when
    /// given, holds); fails at once when the process exits and after <paramref name="limit"/>,
    /// each time with <paramref name="log"/> so the server's own words explain why.
    /// </summary>
    public async Task WaitUntilListeningAsync(string name, IReadOnlyList<IPEndPoint> endpoints, Func<string> log, TimeSpan limit, CancellationToken cancellationToken, Func<bool>? ready = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(log);
        var deadline = DateTime.UtcNow + limit;
        var pending = endpoints.ToList();
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {_process.ExitCode}:\n{log()}");
            }

            if (ready?.Invoke() ?? true)
            {
                for (var i = pending.Count - 1; i >= 0; i--)
                {
                    try
                    {
                        using var socket = new Socket(pending[i].AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                        await socket.ConnectAsync(pending[i], cancellationToken);
                        pending.RemoveAt(i);
                    }
                    catch (SocketException)
                    {
                        // not yet
                    }
                }

                if (pending.Count == 0)
                {
                    return;
                }
            }

            await Task.Delay(25, cancellationToken);
        }

        throw new TimeoutException($"{name} did not listen on {string.Join(", ", pending)} within {limit.TotalSeconds:0} s:\n{log()}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a test machine's temp directory
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
