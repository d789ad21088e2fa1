using System.Globalization;
using System.Text;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// A minimal HTTP/1.1 client for the probe's GETs: all requests written at once on the
/// probe's TLS connection and the responses read in order (pipelining,
/// RFC 9112 §9.3.2), so the key and version requests cost one round trip together instead of
/// one each. Bounded everywhere: line length, header count, body size.
/// </summary>
internal sealed class Http11Pipeline
{
    private const int MaxLineBytes = 8 * 1024;
    private const int MaxHeaders = 100;

    private readonly Stream _stream;
    private readonly int _maxBody;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private Http11Pipeline(Stream stream, int maxBody)
    {
        _stream = stream;
        _maxBody = maxBody;
    }

    /// <summary>Sends GET for every path with <paramref name="host"/> as Host, then reads the answers in order.</summary>
    public static async Task<IReadOnlyList<HttpExchangeResult>> ExchangeAsync(Stream stream, string host, IReadOnlyList<string> paths, int maxBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(paths);
        if (host.Any(c => c <= ' ' || c > '~'))
        {
            throw new ArgumentException($"'{host}' is not a valid Host header value.", nameof(host));
        }

        var request = new StringBuilder();
        foreach (var path in paths)
        {
            request.Append(CultureInfo.InvariantCulture, $"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: srvprov/1\r\nAccept: application/json\r\n\r\n");
        }

        var results = new List<HttpExchangeResult>(paths.Count);
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            results.Add(HttpExchangeResult.Failed(ex.Message));
            results.AddRange(paths.Skip(1).Select(_ => HttpExchangeResult.NotAnswered(ex.Message)));
            return results;
        }

        var reader = new Http11Pipeline(stream, maxBody);
        var open = true;
        foreach (var _ in paths)
        {
            if (!open)
            {
                results.Add(HttpExchangeResult.NotAnswered("the server closed the connection after the previous response"));
                continue;
            }

            try
            {
                var (result, keepOpen) = await reader.ReadResponseAsync(cancellationToken);
                results.Add(result);
                open = keepOpen;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                // The first request's failure is its answer; later ones are asked again elsewhere.
                results.Add(results.Count == 0 ? HttpExchangeResult.Failed(ex.Message) : HttpExchangeResult.NotAnswered(ex.Message));
                open = false;
            }
        }

        return results;
    }

    private async Task<(HttpExchangeResult Result, bool KeepOpen)> ReadResponseAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var statusLine = await ReadLineAsync(cancellationToken) ?? throw new IOException("the server closed the connection without answering");
            var parts = statusLine.Split(' ', 3);
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status is < 100 or > 999)
            {
                throw new InvalidDataException($"not an HTTP/1.1 status line: '{Shorten(statusLine)}'");
            }

            long? length = null;
            var chunked = false;
            var close = parts[0] == "HTTP/1.0";
            for (var count = 0; ; count++)
            {
                var line = await ReadLineAsync(cancellationToken) ?? throw new IOException("the connection closed inside the response headers");
                if (line.Length == 0)
                {
                    break;
                }

                if (count >= MaxHeaders)
                {
                    throw new InvalidDataException($"more than {MaxHeaders} response headers");
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    throw new InvalidDataException($"malformed response header '{Shorten(line)}'");
                }

                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || (length is { } earlier && earlier != parsed))
                    {
                        throw new InvalidDataException($"invalid Content-Length '{Shorten(value)}'");
                    }

                    length = parsed;
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    chunked = value.Split(',').Select(v => v.Trim()).Contains("chunked", StringComparer.OrdinalIgnoreCase);
                }
                else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                {
                    close |= value.Split(',').Any(v => v.Trim().Equals("close", StringComparison.OrdinalIgnoreCase));
                }
            }

            // 1xx answers are interim (RFC 9110 §15.2): the real response follows.
            if (status is >= 100 and < 200)
            {
                continue;
            }

            // RFC 9112 §6.3: chunked wins over Content-Length; neither means "until the connection closes".
            byte[] body;
            var keepOpen = !close;
            if (status is 204 or 304)
            {
                body = [];
            }
            else if (chunked)
            {
                body = await ReadChunkedAsync(cancellationToken);
            }
            else if (length is { } n)
            {
                body = n > _maxBody ? throw new InvalidDataException($"the response body is larger than {_maxBody / 1024} KiB") : await ReadExactAsync((int)n, cancellationToken);
            }
            else
            {
                body = await ReadToEndAsync(cancellationToken);
                keepOpen = false;
            }

            return (new HttpExchangeResult(status, body, null), keepOpen);
        }
    }

    private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken) ?? throw new IOException("the connection closed inside a chunked body");
            var sizeText = line.Split(';', 2)[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new InvalidDataException($"invalid chunk size '{Shorten(sizeText)}'");
            }

            if (size == 0)
            {
                // Trailer fields until the empty line (RFC 9112 §7.1.2).
                for (var count = 0; ; count++)
                {
                    var trailer = await ReadLineAsync(cancellationToken) ?? throw new IOException("the connection closed inside the trailers");
                    if (trailer.Length == 0)
                    {
                        return body.ToArray();
                    }

                    if (count >= MaxHeaders)
                    {
                        throw new InvalidDataException($"more than {MaxHeaders} trailer fields");
                    }
                }
            }

            if (body.Length + size > _maxBody)
            {
                throw new InvalidDataException($"the response body is larger than {_maxBody / 1024} KiB");
            }

            body.Write(await ReadExactAsync(size, cancellationToken));
            if (await ReadLineAsync(cancellationToken) is not { Length: 0 })
            {
                throw new InvalidDataException("a chunk is not followed by CRLF");
            }
        }
    }

    private async Task<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw new IOException("the connection closed inside the response body");
            }

            var take = Math.Min(count - filled, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(result.AsSpan(filled));
            _start += take;
            filled += take;
        }

        return result;
    }

    private async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return body.ToArray();
            }

            if (body.Length + (_end - _start) > _maxBody)
            {
                throw new InvalidDataException($"the response body is larger than {_maxBody / 1024} KiB");
            }

            body.Write(_buffer, _start, _end - _start);
            _start = _end;
        }
    }

    /// <summary>One CRLF-terminated line without the CRLF (a bare LF is accepted, RFC 9112 §2.2); null at a clean end of stream.</summary>
    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return line.Count == 0 ? null : throw new IOException("the connection closed inside a line");
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            line.AddRange(_buffer.AsSpan(_start, stop - _start));
            if (line.Count > MaxLineBytes)
            {
                throw new InvalidDataException($"a response line is longer than {MaxLineBytes / 1024} KiB");
            }

            if (newline >= 0)
            {
                _start = newline + 1;
                if (line.Count > 0 && line[^1] == '\r')
                {
                    line.RemoveAt(line.Count - 1);
                }

                return Encoding.Latin1.GetString([.. line]);
            }

            _start = _end;
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "..." : text;
}
