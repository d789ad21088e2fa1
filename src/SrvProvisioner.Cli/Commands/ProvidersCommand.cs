using System.CommandLine;
using SrvProvisioner.Cli.Composition;
using SrvProvisioner.Core.Json;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Cli.Commands;

/// <summary><c>srvprov providers</c>: the providers, their options and what they guarantee.</summary>
internal static class ProvidersCommand
{
    public static Command Create(CliConsole console)
    {
        var format = SharedOptions.Format();
        var command = new Command("providers", "List the DNS providers, their options and capabilities.");
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (SharedOptions.GetFormat(parse, format) == Rendering.OutputFormat.Json)
            {
                IReadOnlyList<ProviderDescriptionDocument> providers = [.. ProviderCatalog.All.Select(f => new ProviderDescriptionDocument
                {
                    Name = f.Name,
                    Description = f.Description,
                    Capabilities = [.. Capabilities(f.Capabilities)],
                    Options = [.. f.Options.Select(o => new ProviderOptionDocument
                    {
                        Name = o.Name,
                        Description = o.Description,
                        Required = o.Required,
                        EnvironmentVariable = o.EnvironmentVariable,
                    })],
                })];
                await console.Out.WriteLineAsync(SrvprovJson.Serialize(providers, c => c.IReadOnlyListProviderDescriptionDocument));
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
