using System.CommandLine;
using SrvProvisioner.Cli.Composition;
using SrvProvisioner.Cli.Rendering;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Json;
using SrvProvisioner.Core.Migration.Receipts;

namespace SrvProvisioner.Cli.Commands;

/// <summary>
/// <c>srvprov undo RECEIPT [--yes]</c>: reverses what one apply changed, item by item and
/// conditionally (a file only while byte-identical to what apply wrote, a DNS set only while
/// it holds what apply wrote). The provider and its settings come from the receipt; secrets
/// from their usual places, as for <c>apply PLANFILE</c>.
/// </summary>
internal static class UndoCommand
{
    public static Command Create(CliConsole console)
    {
        var receiptArgument = new Argument<string>("RECEIPT") { Description = "The receipt apply wrote." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Undo without asking (needed when not on a terminal)." };
        var format = SharedOptions.Format();
        var command = new Command("undo", "Reverse what one apply changed (config files first, then DNS), only where nothing changed since.");
        command.Arguments.Add(receiptArgument);
        command.Options.Add(yes);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var receipt = await ReceiptJson.ReadAsync(parse.GetValue(receiptArgument)!, cancellationToken);
            if (!parse.GetValue(yes))
            {
                if (!console.IsInteractive)
                {
                    throw new InvalidInputException("undo changes things: give --yes to confirm when not on a terminal.");
                }

                await console.Out.WriteAsync($"Undo apply of {receipt.Plan.ServerName.ToDisplayString()} ({receipt.Files.Count} file(s){(receipt.DnsWritten ? $", {receipt.Plan.DnsChanges.Count} DNS set(s)" : string.Empty)})? Only 'yes' goes on: ");
                var answer = await console.In.ReadLineAsync(cancellationToken);
                if (!string.Equals(answer?.Trim(), "yes", StringComparison.OrdinalIgnoreCase))
                {
                    await console.Error.WriteLineAsync("Nothing undone.");
                    return ExitCodes.Error;
                }
            }

            var factory = ProviderCatalog.Find(receipt.Plan.Provider.Name);
            await using var provider = factory.Create(ProviderSettingsBuilder.Build(factory, receipt.Plan.Provider.Settings));
            var items = await new UndoService(provider).UndoAsync(receipt, cancellationToken);
            var refused = items.Count(i => !i.Restored);
            if (SharedOptions.GetFormat(parse, format) == OutputFormat.Json)
            {
                var document = new UndoDocument
                {
                    ServerName = receipt.Plan.ServerName.Value,
                    Items = [.. items.Select(i => new UndoItemDocument { What = i.What, Status = i.Restored ? "restored" : "refused", Detail = i.Detail })],
                };
                await console.Out.WriteLineAsync(SrvprovJson.Serialize(document, c => c.UndoDocument));
            }

            else
            {
                var ansi = new Ansi(console.UseColor);
                foreach (var item in items)
                {
                    await console.Out.WriteLineAsync($"  {(item.Restored ? ansi.Green("restored") : ansi.Red("REFUSED "))}  {item.What}: {item.Detail}");
                }

                await console.Out.WriteLineAsync(refused == 0
                    ? $"Undone: {items.Count} item(s) restored."
                    : $"{refused} item(s) not restored: they changed since apply; look at them by hand (exit 2).");
            }

            return refused == 0 ? ExitCodes.Ok : ExitCodes.NeedsAttention;
        });
        return command;
    }
}
