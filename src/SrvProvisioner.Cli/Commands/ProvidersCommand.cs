using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using SrvProvisioner.Cli.Composition;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Cli.Commands;

/// <summary><c>srvprov providers</c>: the providers, their options and what they guarantee.</summary>
internal static class ProvidersCommand
{
    public static Command Create(CliConsole console)
    {
        var format = new Option<string>("--format") { Description = "Output: text for people, json for programs.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("providers", "List the DNS providers, their options and capabilities.");
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(format) == "json")
            {
                var array = new JsonArray([.. ProviderCatalog.All.Select(f => (JsonNode?)new JsonObject
                {
                    ["name"] = f.Name,
                    ["description"] = f.Description,
                    ["capabilities"] = new JsonArray([.. Capabilities(f.Capabilities).Select(c => (JsonNode?)c)]),
                    ["options"] = new JsonArray([.. f.Options.Select(o => (JsonNode?)new JsonObject
                    {
                        ["name"] = o.Name,
                        ["description"] = o.Description,
                        ["required"] = o.Required,
                        ["environmentVariable"] = o.EnvironmentVariable,
                    })]),
                })]);
                await console.Out.WriteLineAsync(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Ok;
            }

            foreach (var f in ProviderCatalog.All)
            {
                var isDefault = f.Name == ProviderCatalog.DefaultProvider ? " (default)" : string.Empty;
                await console.Out.WriteLineAsync($"{f.Name}{isDefault}: {f.Description}");
                await console.Out.WriteLineAsync($"  capabilities: {string.Join(", ", Capabilities(f.Capabilities).DefaultIfEmpty("none"))}");
                foreach (var o in f.Options)
                {
                    var value = o.IsFlag ? string.Empty : " " + (o.ValueName ?? "VALUE");
                    var notes = new List<string>();
                    if (o.Required)
                    {
                        notes.Add("required");
                    }

                    if (o.EnvironmentVariable is not null)
                    {
                        notes.Add("env " + o.EnvironmentVariable);
                    }

                    var suffix = notes.Count > 0 ? $" [{string.Join(", ", notes)}]" : string.Empty;
                    await console.Out.WriteLineAsync($"  {o.Name}{value}  {o.Description}{suffix}");
                }

                await console.Out.WriteLineAsync();
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static IEnumerable<string> Capabilities(ProviderCapabilities c)
    {
        if (c.HasFlag(ProviderCapabilities.AtomicBatch))
        {
            yield return "atomic batches";
        }

        if (c.HasFlag(ProviderCapabilities.ConditionalWrites))
        {
            yield return "conditional writes";
        }

        if (c.HasFlag(ProviderCapabilities.PropagationWait))
        {
            yield return "waits for propagation";
        }

        if (c.HasFlag(ProviderCapabilities.MeteredReads))
        {
            yield return "rate-limited reads (in-zone targets checked through DNS first)";
        }
    }
}
