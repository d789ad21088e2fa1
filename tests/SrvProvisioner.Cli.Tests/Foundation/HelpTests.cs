using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Foundation;

/// <summary>The options plan, apply and verify share read the same in each command's help.</summary>
[Trait("Category", "Binary")]
public sealed class HelpTests
{
    private static readonly string[] Shared = ["--format", "--dns-server", "--connect-to", "--ca-file", "--timeout", "--cert-file", "--file"];

    [Fact]
    public async Task PlanApplyAndVerify_ShowTheSameHelpLine_ForEverySharedOption()
    {
        var plan = await HelpLinesAsync("plan");
        var apply = await HelpLinesAsync("apply");
        var verify = await HelpLinesAsync("verify");

        foreach (var option in Shared)
        {
            plan.ShouldContainKey(option);
            apply[option].ShouldBe(plan[option], option);
            verify[option].ShouldBe(plan[option], option);
        }
    }

    [Theory]
    [InlineData("undo")]
    [InlineData("providers")]
    public async Task FormatHelp_IsPlansLine_InEveryCommandThatTakesIt(string verb)
    {
        var plan = await HelpLinesAsync("plan");

        (await HelpLinesAsync(verb))["--format"].ShouldBe(plan["--format"]);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("apply")]
    public async Task ConfigKindHelp_NamesEveryKind_IncludingComposeAndEnv(string verb)
    {
        var help = await HelpLinesAsync(verb);

        var line = help["--config-kind"];
        foreach (var kind in new[] { "playbook", "synapse", "dendrite", "conduwuit", "tuwunel", "continuwuity", "conduit", "compose", "env" })
        {
            line.ShouldContain(kind);
        }
    }

    /// <summary>Each option's help line (name, value placeholder, description), by option name.</summary>
    private static async Task<Dictionary<string, string>> HelpLinesAsync(string verb)
    {
        var result = await SrvprovProcess.RunAsync(verb, "--help");
        result.ExitCode.ShouldBe(0, result.ToString());
        return result.Stdout
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(l => l.Split(' ')[0], l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)), StringComparer.Ordinal);
    }
}
