using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Net;

namespace SrvProvisioner.Core.Dns;

/// <summary>
/// Parses the <c>--target</c> option: <c>HOST[:PORT][,priority=N][,weight=N]</c>.
/// Port defaults to 8448 (the Matrix federation port); priority and weight default to the
/// <c>--priority</c> / <c>--weight</c> options, so one flag sets them for every target and a
/// suffix overrides them for one.
/// </summary>
public static class SrvTargetSpec
{
    public static SrvRecord Parse(string spec, ushort defaultPriority, ushort defaultWeight)
    {
        ArgumentNullException.ThrowIfNull(spec);
        InputSlips.ThrowIfUrlOrMatrixId(spec, "--target", SrvRecord.DefaultMatrixPort);
        var parts = spec.Split(',', StringSplitOptions.TrimEntries);
        var hostPort = parts[0];
        if (hostPort.Length == 0)
        {
            throw new InvalidInputException($"--target '{spec}' has no host: use HOST[:PORT][,priority=N][,weight=N], e.g. matrix.example.com:8448.");
        }

        if (hostPort.StartsWith('[') || hostPort.Count(c => c == ':') > 1)
        {
            throw new InvalidInputException($"--target '{spec}' is an IP address: an SRV target must be a host name with A/AAAA records (RFC 2782).");
        }

        ushort port = SrvRecord.DefaultMatrixPort;
        var (host, portText, _) = HostPortText.Split(hostPort, "--target");
        if (portText is not null)
        {
            // The port is an SRV field (RFC 2782 §"Port"), so it keeps the SRV field errors.
            port = SrvRecord.ParseField(portText, "port", spec);
            if (port == 0)
            {
                throw new InvalidInputException($"port 0 in --target '{spec}' is not a usable port: give 1 to 65535 (8448 is the federation default).");
            }
        }

        if (host.Length == 0)
        {
            throw new InvalidInputException($"--target '{spec}' has no host: use HOST[:PORT], e.g. matrix.example.com:8448.");
        }

        var target = DnsName.ParseHostName(host, "--target");
        if (target.Labels.Count < 2)
        {
            throw new InvalidInputException($"--target '{spec}' is a single-label name: give the fully qualified host name, e.g. matrix.example.com.");
        }

        ushort priority = defaultPriority;
        ushort weight = defaultWeight;
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            switch (key.ToLowerInvariant())
            {
                case "priority":
                    priority = SrvRecord.ParseField(value, "priority", spec);
                    break;
                case "weight":
                    weight = SrvRecord.ParseField(value, "weight", spec);
                    break;
                default:
                    throw new InvalidInputException($"--target '{spec}': unknown setting '{key}'; use HOST[:PORT][,priority=N][,weight=N].");
            }
        }

        return new SrvRecord(priority, weight, port, target);
    }
}
