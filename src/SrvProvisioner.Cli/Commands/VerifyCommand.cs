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
        var dnsServer = SharedOptions.DnsServer();
        var connectTo = SharedOptions.ConnectTo();
        var caFile = SharedOptions.CaFile();
        var certFile = SharedOptions.CertFile();
        var timeout = SharedOptions.Timeout();
        var format = SharedOptions.Format();

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
                FleetOptions.RefuseSingleDomainOptions(parse, [serverName, expectTarget, certFile]);
                return await FleetVerifyRunner.RunAsync(fleetFile, fleet.GetParallel(parse), settings, SharedOptions.GetFormat(parse, format), console, cancellationToken);
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

            if (SharedOptions.GetFormat(parse, format) == OutputFormat.Json)
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
