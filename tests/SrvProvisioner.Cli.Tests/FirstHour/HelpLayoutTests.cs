using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.FirstHour;

/// <summary>
/// Help that a newcomer can read: provider options under their provider's heading (not one
/// flat list of 45), and one placeholder vocabulary for option values in every command's help
/// and in the errors that name them.
/// </summary>
[Trait("Category", "Binary")]
public sealed partial class HelpLayoutTests
{
    /// <summary>What a value placeholder may say: one word per kind of value, or a list of the accepted words.</summary>
    private static readonly HashSet<string> Vocabulary =
    [
        "DOMAIN", "HOST[:PORT]", "HOST:PORT", "IP[:PORT]", "HOST:PORT:HOST2:PORT2",
        "FILE", "PEM", "PLANFILE", "RECEIPT", "DIR", "DURATION", "SECONDS", "N", "ID", "NAME", "URL", "ZONE", "KIND",
        "EMAIL", "COMMAND", "VALUE",
    ];

    [Theory]
    [InlineData("plan")]
    [InlineData("apply")]
    public async Task Help_ListsEveryProvidersOptions_UnderItsOwnHeading_AndNotInTheCommandsOwnList(string command)
    {
        var help = await SrvprovProcess.RunAsync(command, "--help");
        var providers = await SrvprovProcess.RunAsync("providers", "--format", "json");

        help.ExitCode.ShouldBe(0, help.ToString());
        var sections = Sections(help.Stdout);
        var own = sections["Options:"];
        var catalog = JsonNode.Parse(providers.Stdout)!.AsArray();
        catalog.Count.ShouldBeGreaterThan(1);
        foreach (var provider in catalog)
        {
            var name = provider!["name"]!.GetValue<string>();
            var heading = sections.Keys.SingleOrDefault(k => k.StartsWith($"Options of --provider {name}", StringComparison.Ordinal) && k.EndsWith(':'));
            heading.ShouldNotBeNull($"no heading for provider {name} in:\n{help.Stdout}");
            var rows = sections[heading].Select(OptionName).ToList();
            foreach (var option in provider["options"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()))
            {
                rows.ShouldContain(option, $"{option} is not under {heading}");
                own.Select(OptionName).ShouldNotContain(option, $"{option} is also in the command's own Options list");
            }
        }

        // The design's examples, each under the right heading.
        Under(sections, "zonefile").ShouldContain("--zone-file");
        Under(sections, "rfc2136").ShouldContain("--rfc2136-server");
        Under(sections, "route53").ShouldContain("--route53-hosted-zone-id");
        Under(sections, "azure").ShouldContain("--azure-subscription");
        Under(sections, "cloudflare").ShouldContain("--cloudflare-zone-id");
        Under(sections, "webhook").ShouldContain("--webhook-url");
        own.Select(OptionName).ShouldContain("--server-name");
    }

    [Fact]
    public async Task Help_EveryCommandsOptions_UseOnePlaceholderVocabulary_TheSameForTheSameOption()
    {
        var root = await SrvprovProcess.RunAsync("--help");
        var commands = Sections(root.Stdout)["Commands:"].Select(l => l.Trim().Split(' ')[0]).ToList();
        commands.ShouldContain("plan");
        commands.ShouldContain("verify");
        var seen = new Dictionary<string, (string Placeholder, string Command)>(StringComparer.Ordinal);
        var checkedOptions = 0;
        foreach (var command in commands)
        {
            var help = await SrvprovProcess.RunAsync(command, "--help");
            help.ExitCode.ShouldBe(0, help.ToString());
            foreach (var (heading, lines) in Sections(help.Stdout).Where(s => s.Key.StartsWith("Options", StringComparison.Ordinal) || s.Key == "Arguments:"))
            {
                foreach (var line in lines)
                {
                    var row = Row().Match(line);
                    row.Success.ShouldBeTrue($"{command} --help, {heading} row not understood: '{line}'");
                    if (!row.Groups["value"].Success)
                    {
                        continue;
                    }

                    var name = row.Groups["name"].Value;
                    var placeholder = row.Groups["value"].Value;
                    checkedOptions++;
                    (Vocabulary.Contains(placeholder) || ChoiceList().IsMatch(placeholder)).ShouldBeTrue($"{command} {name} <{placeholder}> is not in the placeholder vocabulary");
                    if (name.Length == 0)
                    {
                        // An argument: its placeholder is its name.
                        continue;
                    }

                    if (seen.TryGetValue(name, out var before))
                    {
                        placeholder.ShouldBe(before.Placeholder, $"{name} is <{before.Placeholder}> in {before.Command} but <{placeholder}> in {command}");
                    }
                    else
                    {
                        seen[name] = (placeholder, command);
                    }
                }
            }
        }

        checkedOptions.ShouldBeGreaterThan(40);
    }

    [Theory]
    [InlineData("verify", "--dns-server", "not-an-ip")]
    [InlineData("verify", "--connect-to", "a:1:b")]
    [InlineData("verify", "--timeout", "soon")]
    [InlineData("verify", "--expect-target", "matrix.example.com")]
    [InlineData("plan", "--timeout", "soon")]
    [InlineData("plan", "--target", "matrix.example.com,colour=blue")]
    public async Task Errors_NameTheValue_WithTheSamePlaceholderAsTheHelp(string command, string option, string value)
    {
        var help = await SrvprovProcess.RunAsync(command, "--help");
        var row = help.Stdout.Split('\n').Select(l => Row().Match(l)).First(m => m.Success && m.Groups["name"].Value == option);
        var placeholder = row.Groups["value"].Value;

        var dir = Directory.CreateTempSubdirectory("srvprov-placeholders-").FullName;
        try
        {
            var zone = Path.Combine(dir, "example.com.zone");
            await File.WriteAllTextAsync(zone, "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n");
            string[] rest = command == "plan" ? ["--zone-file", zone, "--target", "matrix.example.com"] : [];
            var result = await SrvprovProcess.RunAsync([command, "--server-name", "example.com", .. rest, option, value]);

            result.ExitCode.ShouldBe(1, result.ToString());
            result.Stderr.ShouldContain(placeholder, Case.Sensitive, $"help says {option} <{placeholder}>");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<string> Under(Dictionary<string, List<string>> sections, string provider) =>
        [.. sections.Single(s => s.Key.StartsWith($"Options of --provider {provider}", StringComparison.Ordinal)).Value.Select(OptionName)];

    private static string OptionName(string row) => Row().Match(row) is { Success: true } m ? m.Groups["name"].Value : row.Trim();

    /// <summary>Help text split at its headings (lines that start in column 0 and end with a colon).</summary>
    private static Dictionary<string, List<string>> Sections(string help)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in help.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line.EndsWith(':'))
            {
                current = [];
                sections[line] = current;
            }
            else if (current is not null && line.StartsWith("  ", StringComparison.Ordinal) && line.TrimStart().Length > 0 && (line.TrimStart()[0] == '-' || line.TrimStart()[0] == '<' || char.IsLetter(line.TrimStart()[0])) && !line.StartsWith("   ", StringComparison.Ordinal))
            {
                current.Add(line);
            }
        }

        return sections;
    }

    /// <summary>"  -?, -h, --help  text", "  --timeout &lt;DURATION&gt;  text", "  &lt;PLANFILE&gt;  text", "  plan  text".</summary>
    [GeneratedRegex(@"^  (?:(?:-\S+, )*(?<name>-{1,2}[a-z0-9?][a-z0-9-]*)(?: <(?<value>[^>]+)>)?|<(?<value>[^>]+)>|(?<name>[a-z]+))(?:  +\S.*)?$")]
    private static partial Regex Row();

    [GeneratedRegex(@"^[a-z0-9-]+(\|[a-z0-9-]+)+$")]
    private static partial Regex ChoiceList();
}
