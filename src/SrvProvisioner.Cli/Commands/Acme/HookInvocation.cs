using SrvProvisioner.Core.Acme;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Cli.Commands.Acme;

/// <summary>
/// What an ACME client asked of the hook, in either convention: lego's <c>exec</c> provider
/// passes <c>present|cleanup FQDN VALUE</c> as arguments; certbot's manual hooks pass
/// <c>CERTBOT_DOMAIN</c> and <c>CERTBOT_VALIDATION</c> in the environment and set
/// <c>CERTBOT_AUTH_OUTPUT</c> (possibly empty) only for the cleanup hook.
/// </summary>
internal sealed record HookInvocation(bool Present, AcmeChallenge Challenge)
{
    public const string CertbotDomain = "CERTBOT_DOMAIN";
    public const string CertbotValidation = "CERTBOT_VALIDATION";
    public const string CertbotAuthOutput = "CERTBOT_AUTH_OUTPUT";

    public static HookInvocation From(string? action, string? name, string? value, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (action is not null)
        {
            var present = action switch
            {
                "present" => true,
                "cleanup" => false,
                _ => throw new InvalidInputException($"'{Shorten(action)}' is not a hook action: give 'present FQDN VALUE' or 'cleanup FQDN VALUE' (lego's exec convention), or run from certbot's --manual-auth-hook/--manual-cleanup-hook."),
            };
            if (name is null || value is null)
            {
                throw new InvalidInputException($"{action} needs FQDN and VALUE: srvprov acme-hook {action} _acme-challenge.example.com. VALUE");
            }

            return new HookInvocation(present, AcmeChallenge.Parse(name, value, "FQDN"));
        }

        var domain = environment(CertbotDomain);
        var validation = environment(CertbotValidation);
        if (domain is null || validation is null)
        {
            throw new InvalidInputException($"Nothing to do: give 'present|cleanup FQDN VALUE' (lego's exec convention), or run from certbot's --manual-auth-hook/--manual-cleanup-hook, which set {CertbotDomain} and {CertbotValidation}.");
        }

        return new HookInvocation(environment(CertbotAuthOutput) is null, AcmeChallenge.Parse(domain, validation, CertbotDomain));
    }

    /// <summary>
    /// lego runs <c>PROGRAM present FQDN VALUE</c>, and a VALUE is base64url, so it may start
    /// with <c>-</c>: the parser must never read it (or the FQDN) as an option. A <c>--</c> is put
    /// before the two when the arguments end in that shape.
    /// </summary>
    public static string[] ProtectPositionals(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length >= 4 && args[0] == AcmeHookCommand.Name && args[^3] is "present" or "cleanup" && !args[..^2].Contains("--"))
        {
            return [.. args[..^2], "--", args[^2], args[^1]];
        }

        return args;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 37), "...");
}
