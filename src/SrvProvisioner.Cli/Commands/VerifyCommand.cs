using System.CommandLine;
using SrvProvisioner.Cli.Fleet;
using SrvProvisioner.Cli.Rendering;
using SrvProvisioner.Core.Certificates;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Cli.Commands;

/// <summary>
/// <c>srvprov verify</c>: resolves the server name as a homeserver does and proves every
/// address it lands on; or, with <c>--cert-file</c>, checks a certificate offline.
/// Exit 0 when every check passes, 2 when one fails, 1 on bad input or when no network/DNS
/// answer at all came back (nothing could be checked).
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var serverName = new Option<string>("--server-name") { Description = "The Matrix server name to verify (example.com; an IP literal or host:port works too).", HelpName = "DOMAIN" };
        var expectTarget = new Option<string>("--expect-target") { Description = "Fail unless discovery lands on this HOST:PORT.", HelpName = "HOST:PORT" };
        var dnsServer = new Option<string>("--dns-server") { Description = "Ask this DNS server instead of the system's resolvers: IP[:PORT].", HelpName = "IP[:PORT]" };
        var connectTo = new Option<string[]>("--connect-to") { Description = "HOST:PORT:HOST2:PORT2 as in curl: connect there instead, keeping names (repeatable; every connection, the well-known fetch on 443 too).", HelpName = "HOST:PORT:HOST2:PORT2" };
        var caFile = new Option<string>("--ca-file") { Description = "Extra trust anchors (PEM) for every TLS connection and chain check.", HelpName = "PEM" };
        var certFile = new Option<string>("--cert-file") { Description = "Check this PEM certificate (and chain) offline for the server name instead of probing.", HelpName = "PEM" };
        var timeout = new Option<string>("--timeout") { Description = "Bound for the whole run: seconds (20) or with a unit (20s, 2m).", DefaultValueFactory = _ => "20s", HelpName = "DURATION" };
        var format = new Option<string>("--format") { Description = "Output: text for people, json for programs.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");

        var fleet = new FleetOptions();
        // verify talks to no DNS provider: its help must not speak of provider limits.
        fleet.Parallel.Description = "Domains verified at once in a fleet run (1-256).";
        var command = new Command("verify", "Resolve the server name as a homeserver does and prove the certificate and federation endpoint on every target.");
        fleet.AddTo(command);
        foreach (var option in new Option[] { serverName, expectTarget, dnsServer, connectTo, caFile, certFile, timeout, format })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            // Before any chain build: every verdict of verify is ChainTrust's, so the platform's own
            // copy of the system store (loaded by every handshake, ~65 ms of CPU) is kept empty.
            PlatformStoreIsolation.IsolateThisProcess();
            var settings = new VerifySettings(DurationParser.Parse(parse.GetValue(timeout)!, "--timeout"))
            {
                DnsServer = parse.GetValue(dnsServer),
                ConnectTo = parse.GetValue(connectTo) ?? [],
                CaFile = parse.GetValue(caFile),
            };
            if (parse.GetValue(fleet.File) is { } fleetFile)
            {
                var given = new Option[] { serverName, expectTarget, certFile }.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
                if (given.Count > 0)
                {
                    throw new InvalidInputException($"{string.Join(", ", given)} cannot be combined with --file: the fleet file names the domains and their targets.");
                }

                var fleetFormat = parse.GetValue(format) == "json" ? OutputFormat.Json : OutputFormat.Text;
                return await FleetVerifyRunner.RunAsync(fleetFile, fleet.GetParallel(parse), settings, fleetFormat, console, cancellationToken);
            }

            var nameText = parse.GetValue(serverName) ?? throw new InvalidInputException("--server-name is required: the domain in your Matrix IDs, e.g. --server-name example.com.");
            InputSlips.ThrowIfUrlOrMatrixId(nameText, "--server-name", defaultPort: null);
            var name = MatrixServerName.Parse(nameText);
            var expected = parse.GetValue(expectTarget) is { } e ? HostAndPort.Parse(e, "--expect-target") : null;

            VerifyReport report;
            if (parse.GetValue(certFile) is { } pem)
            {
                report = new CertificateFileCheck(settings.CaFile).Verify(pem, name.Host, expected?.Host);
            }
            else
            {
                using var engine = new VerifyEngine(settings);
                report = await engine.VerifyAsync(name, expected, cancellationToken);
            }

            if (parse.GetValue(format) == "json")
            {
                await console.Out.WriteLineAsync(VerifyJson.Serialize(report));
            }
            else
            {
                VerifyTextRenderer.Write(report, console.Out, new Ansi(console.UseColor));
            }

            // Offline is not a failing check of the domain: nothing could be checked (exit 1).
            return report.CouldNotCheck is not null ? ExitCodes.Error
                : report.HasFailures ? ExitCodes.NeedsAttention
                : ExitCodes.Ok;
        });
        return command;
    }
}
