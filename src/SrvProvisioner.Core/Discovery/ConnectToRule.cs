using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Net;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// One <c>--connect-to HOST1:PORT1:HOST2:PORT2</c> rule with curl's meaning: a connection
/// meant for HOST1:PORT1 goes to HOST2:PORT2 instead, while names (SNI, Host, certificate)
/// stay those of HOST1. An empty HOST1 or PORT1 matches any; an empty HOST2 or PORT2 keeps
/// the original. IPv6 addresses are written in brackets.
/// </summary>
public sealed record ConnectToRule(string? Host, int? Port, string? ToHost, int? ToPort)
{
    public bool Matches(string host, int port) =>
        (Host is null || string.Equals(Host, Normalize(host), StringComparison.Ordinal)) && (Port is null || Port == port);

    public (string Host, int Port) Apply(string host, int port) => (ToHost ?? host, ToPort ?? port);

    public override string ToString() => $"{Bracket(Host)}:{Port}:{Bracket(ToHost)}:{ToPort}";

    public static ConnectToRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = Split(text);
        if (fields.Count != 4)
        {
            throw new InvalidInputException($"--connect-to '{text}' is not HOST:PORT:HOST2:PORT2 (as in curl; IPv6 in brackets, empty fields allowed).");
        }

        var (host, port) = Half(fields[0], fields[1], text);
        var (toHost, toPort) = Half(fields[2], fields[3], text);
        return new ConnectToRule(host, port, toHost, toPort);
    }

    internal static string Normalize(string host) => host.Trim().TrimEnd('.').Trim('[', ']').ToLowerInvariant();

    private static string Bracket(string? host) => host is not null && host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host ?? string.Empty;

    // Each HOST:PORT half goes through the one host:port reading (HostPortText); either field may be empty.
    private static (string? Host, int? Port) Half(string hostField, string portField, string text)
    {
        if (hostField.StartsWith('[') != hostField.EndsWith(']'))
        {
            throw new InvalidInputException($"--connect-to '{text}': '{hostField}' has an unbalanced bracket.");
        }

        // A bracketed name ([matrix.example.com]) has always been read as the name; keep that.
        var bracketedName = hostField.StartsWith('[') && !System.Net.IPAddress.TryParse(hostField[1..^1], out _);
        var (host, _, isIpv6) = HostPortText.Split(bracketedName ? hostField[1..^1] : hostField, "--connect-to");
        var port = portField.Length == 0 ? null : HostPortText.ParsePort(portField, text, "--connect-to");
        if (host.Length == 0)
        {
            return (null, port);
        }

        var normalized = isIpv6 ? host : Normalize(host);
        return (MatrixServerName.Parse(isIpv6 ? $"[{normalized}]" : normalized, "--connect-to host").Host, port);
    }

    private static List<string> Split(string text)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var inBracket = false;
        foreach (var c in text.Trim())
        {
            if (c == ':' && !inBracket)
            {
                fields.Add(current.ToString());
                current.Clear();
                continue;
            }

            inBracket = c == '[' || (inBracket && c != ']');
            current.Append(c);
        }

        fields.Add(current.ToString());
        return fields;
    }
}
