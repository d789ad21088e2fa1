using System.Globalization;
using SrvProvisioner.Core.Errors;

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

        return new ConnectToRule(HostField(fields[0], text), PortField(fields[1], text), HostField(fields[2], text), PortField(fields[3], text));
    }

    internal static string Normalize(string host) => host.Trim().TrimEnd('.').Trim('[', ']').ToLowerInvariant();

    private static string Bracket(string? host) => host is not null && host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host ?? string.Empty;

    private static string? HostField(string field, string text)
    {
        if (field.Length == 0)
        {
            return null;
        }

        if (field.StartsWith('[') != field.EndsWith(']'))
        {
            throw new InvalidInputException($"--connect-to '{text}': '{field}' has an unbalanced bracket.");
        }

        var host = Normalize(field);
        return MatrixServerName.Parse(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host, "--connect-to host").Host;
    }

    private static int? PortField(string field, string text)
    {
        if (field.Length == 0)
        {
            return null;
        }

        if (!int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidInputException($"--connect-to '{text}': port '{field}' is not a number from 1 to 65535.");
        }

        return port;
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
