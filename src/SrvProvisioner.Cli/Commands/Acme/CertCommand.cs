using System.CommandLine;
using System.Globalization;
using SrvProvisioner.Cli.Composition;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Cli.Commands.Acme;

/// <summary>
/// <c>srvprov cert</c>: gets the base-domain certificate through certbot or lego with
/// <c>srvprov acme-hook</c> as their DNS-01 hook, installs chain and key, runs the deploy
/// hook, and checks the result (offline always, live with <c>--prove</c>).
/// </summary>
internal static class CertCommand
{
    public static Command Create(CliConsole console)
    {
        var providers = new ProviderCommandOptions();
        var serverName = new Option<string>("--server-name") { Description = "The Matrix server name the certificate is for (example.com).", HelpName = "DOMAIN" };
        var also = new Option<string[]>("--also") { Description = "Another name for the same certificate (repeatable), e.g. matrix.example.com.", HelpName = "NAME", Arity = ArgumentArity.OneOrMore };
        var certPath = new Option<string>("--cert-path") { Description = "Where the full chain goes (leaf first), e.g. what matrix_synapse_tls_certificate_path or nginx's ssl_certificate names.", HelpName = "FILE" };
        var keyPath = new Option<string>("--key-path") { Description = "Where the private key goes, alone (0600 when created; an existing file keeps its owner).", HelpName = "FILE" };
        var client = new Option<string>("--client") { Description = "The ACME client to run: certbot or lego (default: certbot when installed, else lego).", HelpName = "certbot|lego" };
        var acmeServer = new Option<string>("--acme-server") { Description = "The CA's ACME directory URL (default: the client's, Let's Encrypt).", HelpName = "URL" };
        var email = new Option<string>("--acme-email") { Description = "Account e-mail at the CA (lego needs one).", HelpName = "EMAIL" };
        var deployHook = new Option<string>("--deploy-hook") { Description = "A shell command run after chain and key are in place, e.g. 'systemctl reload nginx'; never when nothing was obtained.", HelpName = "COMMAND" };
        var prove = new Option<bool>("--prove") { Description = "Then check live that every SRV target serves the certificate for the server name (verify)." };
        var config = new Option<string>("--hook-config") { Description = "A settings file with the provider options, as acme-hook takes it.", HelpName = "FILE" };
        var dnsServer = new Option<string>("--dns-server") { Description = "DNS server for lookups outside the provider: IP[:PORT].", HelpName = "IP[:PORT]" };
        var propagation = new Option<string>("--propagation-timeout") { Description = "How long each challenge may wait for every authoritative server (10m).", DefaultValueFactory = _ => "10m", HelpName = "DURATION" };
        var caFile = new Option<string>("--ca-file") { Description = "Extra trust anchors (PEM) for the checks (a test CA's root).", HelpName = "PEM" };
        var connectTo = new Option<string[]>("--connect-to") { Description = "HOST:PORT:HOST2:PORT2 as in curl, for --prove.", HelpName = "HOST:PORT:HOST2:PORT2" };
        var timeout = new Option<string>("--timeout") { Description = "Bound for --prove's network checks (20s).", DefaultValueFactory = _ => "20s", HelpName = "DURATION" };
        var command = new Command("cert", "Get the base-domain certificate by ACME DNS-01 (certbot or lego, srvprov as their hook), install it and check it.");
        providers.AddTo(command);
        foreach (var option in new Option[] { serverName, also, certPath, keyPath, client, acmeServer, email, deployHook, prove, config, dnsServer, propagation, caFile, connectTo, timeout })
        {
            command.Options.Add(option);
        }

        client.AcceptOnlyFromAmong("certbot", "lego");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var server = DnsName.ParseServerName(parse.GetValue(serverName) ?? throw new InvalidInputException("--server-name is required: the domain in your Matrix IDs, e.g. --server-name example.com."));
            var names = new List<string> { server.Value };
            foreach (var a in parse.GetValue(also) ?? [])
            {
                var name = a.StartsWith("*.", StringComparison.Ordinal) ? "*." + DnsName.ParseHostName(a[2..], "--also").Value : DnsName.ParseHostName(a, "--also").Value;
                if (!names.Contains(name, StringComparer.Ordinal))
                {
                    names.Add(name);
                }
            }

            var cert = parse.GetValue(certPath) ?? throw new InvalidInputException("--cert-path is required: where the full chain goes, e.g. /etc/ssl/example.com/fullchain.pem.");
            var key = parse.GetValue(keyPath) ?? throw new InvalidInputException("--key-path is required: where the private key goes, e.g. /etc/ssl/example.com/privkey.pem.");
            Core.Acme.CertificateInstaller.CheckTargets(cert, key);
            var propagationTimeout = DurationParser.Parse(parse.GetValue(propagation)!, "--propagation-timeout");
            var kind = parse.GetValue(client) switch
            {
                "certbot" => AcmeClientKind.Certbot,
                "lego" => AcmeClientKind.Lego,
                _ => HasCertbot() ? AcmeClientKind.Certbot : AcmeClientKind.Lego,
            };

            // The provider is built once here so bad options fail before any order is placed.
            var configPath = parse.GetValue(config);
            var file = configPath is null ? new Dictionary<string, string>() : Core.Acme.HookSettingsFile.Read(configPath);
            var choice = providers.GetProvider(parse, file, configPath ?? string.Empty);
            var probe = choice.Factory.Create(choice.Settings);
            await probe.DisposeAsync();

            var request = new AcmeClientRequest(kind, names, parse.GetValue(acmeServer), parse.GetValue(email), parse.GetValue(dnsServer));
            var run = new CertRun(request, choice, propagationTimeout, console)
            {
                DeployHook = parse.GetValue(deployHook),
                CaFile = parse.GetValue(caFile),
                Prove = parse.GetValue(prove),
                ConnectTo = parse.GetValue(connectTo) ?? [],
                ProveTimeout = DurationParser.Parse(parse.GetValue(timeout)!, "--timeout"),
            };
            return await run.RunAsync(server, cert, key, cancellationToken);
        });
        return command;
    }

    private static bool HasCertbot()
    {
        try
        {
            AcmeClientRunner.Find(AcmeClientKind.Certbot);
            return true;
        }
        catch (InvalidInputException)
        {
            return false;
        }
    }

    internal static string Seconds(TimeSpan t) => ((int)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
