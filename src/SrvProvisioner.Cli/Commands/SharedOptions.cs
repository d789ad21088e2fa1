using System.CommandLine;
using SrvProvisioner.Cli.Rendering;
using SrvProvisioner.Core.HomeserverConfig;

namespace SrvProvisioner.Cli.Commands;

/// <summary>
/// The options plan, apply and verify share, defined once so that each has one name and one
/// help text everywhere. Each call makes a new option for one command.
/// </summary>
internal static class SharedOptions
{
    public static Option<string> Format()
    {
        var format = new Option<string>("--format") { Description = "Output: text for people, json for programs.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        return format;
    }

    public static OutputFormat GetFormat(ParseResult parse, Option<string> format)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetValue(format) == "json" ? OutputFormat.Json : OutputFormat.Text;
    }

    public static Option<string> DnsServer() =>
        new("--dns-server") { Description = "Ask this DNS server instead of the system's resolvers (SRV targets, discovery): IP[:PORT], IPv6 as [::1]:53.", HelpName = "IP[:PORT]" };

    public static Option<string[]> ConnectTo() =>
        new("--connect-to") { Description = "HOST:PORT:HOST2:PORT2 as in curl: connect there instead, keeping names (repeatable; every connection of verify, --check-live, --prove and apply's proof, the well-known fetch on 443 too): test a target before DNS points at it.", HelpName = "HOST:PORT:HOST2:PORT2" };

    public static Option<string> CaFile() =>
        new("--ca-file") { Description = "Extra trust anchors (PEM) for every TLS connection and chain check.", HelpName = "PEM" };

    public static Option<string> CertFile() =>
        new("--cert-file") { Description = "A PEM certificate (and chain) for the server name, checked offline (verify: instead of probing).", HelpName = "PEM" };

    public static Option<string> Timeout() =>
        new("--timeout") { Description = "Time limit for the network checks: seconds (20) or with a unit (20s, 2m).", DefaultValueFactory = _ => "20s", HelpName = "DURATION" };

    /// <summary>Generated from <see cref="ConfigKinds.Names"/>, so a new kind shows up in help by itself.</summary>
    public static Option<string> ConfigKind() =>
        new("--config-kind") { Description = $"Force the kind of the --config files: {string.Join(", ", ConfigKinds.Names)}.", HelpName = "KIND" };
}
