using System.CommandLine;
using SrvProvisioner.Cli.Composition;
using SrvProvisioner.Core.Acme;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Cli.Commands.Acme;

/// <summary>
/// <c>srvprov acme-hook</c>: the DNS-01 hook of certbot (manual hooks) and lego (<c>exec</c>
/// provider). <c>present</c> adds the challenge value at <c>_acme-challenge.&lt;domain&gt;</c>
/// through the provider and returns once every authoritative server answers it; <c>cleanup</c>
/// removes exactly that value. Progress goes to stderr: certbot keeps the auth hook's stdout.
/// </summary>
internal static class AcmeHookCommand
{
    public const string Name = "acme-hook";

    /// <summary>Names the settings file when <c>--hook-config</c> is not given (set it in the timer's unit).</summary>
    public const string ConfigVariable = "SRVPROV_ACME_HOOK_CONFIG";

    public static Command Create(CliConsole console)
    {
        var providers = new ProviderCommandOptions();
        var config = new Option<string>("--hook-config") { Description = $"A settings file holding the provider options ('option = value' a line), for unattended renewals; must be owned by you or root and writable by nobody else (env {ConfigVariable}).", HelpName = "FILE" };
        var dnsServer = new Option<string>("--dns-server") { Description = "DNS server that finds the zone's name servers: IP[:PORT] (default: the provider's own server, then the system's resolvers).", HelpName = "IP[:PORT]" };
        var timeout = new Option<string>("--propagation-timeout") { Description = "present: how long to wait until every authoritative server answers the value: seconds or with a unit (10m).", HelpName = "DURATION" };
        var ttl = new Option<string>("--ttl") { Description = "TTL of a new challenge TXT set in seconds (default 60).", HelpName = "SECONDS" };
        var action = new Argument<string>("action") { Description = "lego's exec convention: present or cleanup (none: certbot's manual hook, from CERTBOT_* variables).", Arity = ArgumentArity.ZeroOrOne, HelpName = "present|cleanup" };
        var fqdn = new Argument<string>("fqdn") { Description = "The challenge name, _acme-challenge.example.com.", Arity = ArgumentArity.ZeroOrOne, HelpName = "NAME" };
        var value = new Argument<string>("value") { Description = "The challenge value (base64url; may start with '-').", Arity = ArgumentArity.ZeroOrOne, HelpName = "VALUE" };
        var command = new Command(Name, "DNS-01 hook for certbot (--manual-auth-hook/--manual-cleanup-hook) and lego (exec): add or remove one _acme-challenge TXT value.");
        providers.AddTo(command);
        command.Options.Add(config);
        command.Options.Add(dnsServer);
        command.Options.Add(timeout);
        command.Options.Add(ttl);
        command.Arguments.Add(action);
        command.Arguments.Add(fqdn);
        command.Arguments.Add(value);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var invocation = HookInvocation.From(parse.GetValue(action), parse.GetValue(fqdn), parse.GetValue(value), ProviderCatalog.ProcessEnvironment.Get);
            var configPath = parse.GetValue(config) ?? ProviderCatalog.ProcessEnvironment.GetNonEmpty(ConfigVariable);
            var file = configPath is null ? new Dictionary<string, string>() : HookSettingsFile.Read(configPath);
            var hookOptions = new[] { dnsServer.Name, timeout.Name, ttl.Name };
            foreach (var key in file.Keys.Where(k => !providers.Knows(k) && !hookOptions.Contains(k)))
            {
                throw new InvalidInputException($"{configPath} sets {key}, which acme-hook does not take (it takes --provider, the provider's options, {string.Join(", ", hookOptions)}).");
            }

            string? Setting(Option<string> option) => parse.GetValue(option) ?? file.GetValueOrDefault(option.Name);
            var choice = providers.GetProvider(parse, file, configPath ?? string.Empty);
            var settings = new HookSettings(
                Setting(dnsServer),
                DurationParser.Parse(Setting(timeout) ?? "10m", "--propagation-timeout"),
                ParseTtl(Setting(ttl)));
            await using var provider = choice.Factory.Create(choice.Settings);
            return await new HookRunner(provider, ProviderCatalog.IsLocalFile(choice.Factory), settings, console).RunAsync(invocation, cancellationToken);
        });
        return command;
    }

    private static uint ParseTtl(string? text)
    {
        if (text is null)
        {
            return AcmeChallengeRecords.DefaultTtl;
        }

        return uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ttl) && ttl <= int.MaxValue
            ? ttl
            : throw new InvalidInputException($"--ttl '{text}' is not a whole number of seconds.");
    }
}
