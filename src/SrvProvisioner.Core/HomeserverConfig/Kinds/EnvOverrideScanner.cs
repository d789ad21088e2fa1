using System.Globalization;
using System.Text.RegularExpressions;
using SrvProvisioner.Core.HomeserverConfig.Editing;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig.Kinds;

/// <summary>
/// Environment variables that set <c>[global.well_known] server</c> from outside the config
/// (conduwuit-family figment prefixes <c>CONDUWUIT_</c>/<c>TUWUNEL_</c>/<c>CONTINUWUITY_</c> with
/// <c>__</c> as the table separator; Conduit's <c>CONDUIT_</c> with <c>_</c>). They are looked
/// for in every file given, whatever its kind: docker-compose <c>environment:</c> (map or list),
/// <c>.env</c> and systemd <c>Environment=</c> lines, and playbook variables that pass
/// environment text through. Commented lines do not count. Never edited: reported.
/// </summary>
internal static partial class EnvOverrideScanner
{
    public static IReadOnlyList<Finding> Scan(ConfigFileText file)
    {
        var findings = new List<Finding>();
        var text = file.Text;
        var start = 0;
        var line = 0;
        while (start < text.Length)
        {
            var end = TextEdits.LineEnd(text, start);
            line++;
            var content = text[start..end];
            start = end;
            if (content.TrimStart().StartsWith('#'))
            {
                continue;
            }

            foreach (Match match in Assignment().Matches(content))
            {
                var name = match.Groups["name"].Value;
                var value = match.Groups["value"].Value;
                findings.Add(new Finding(
                    Severity.Error,
                    ConfigFindingCodes.WellKnownEnvOverride,
                    string.Create(CultureInfo.InvariantCulture, $"{file.Path}:{line}: {name}={value} makes the homeserver serve /.well-known/matrix/server, which takes precedence over the SRV records; remove it (srvprov does not edit environment settings).")));
            }
        }

        return findings;
    }

    [GeneratedRegex("""(?<![A-Za-z0-9_])(?<name>CONDUWUIT_WELL_KNOWN__SERVER|TUWUNEL_WELL_KNOWN__SERVER|CONTINUWUITY_WELL_KNOWN__SERVER|CONDUIT_WELL_KNOWN_SERVER)["']?[ \t]*[=:][ \t]*["']?(?<value>[^"'\s#]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();
}
