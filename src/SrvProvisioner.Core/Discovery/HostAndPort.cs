using System.Globalization;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Discovery;

/// <summary>A host (A-label name or IP literal) and a port, e.g. for <c>--expect-target</c>.</summary>
public sealed record HostAndPort(string Host, int Port)
{
    public override string ToString() =>
        (Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses HOST:PORT; the port is required.</summary>
    public static HostAndPort Parse(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        Dns.InputSlips.ThrowIfUrlOrMatrixId(text, option, MatrixServerName.DefaultPort);
        var name = MatrixServerName.Parse(text.Trim().TrimEnd('.'), option);
        if (name.Port is not { } port)
        {
            throw new InvalidInputException($"{option} '{text}' needs a port: HOST:PORT, e.g. matrix.example.com:8448.");
        }

        return new HostAndPort(name.Host, port);
    }
}
