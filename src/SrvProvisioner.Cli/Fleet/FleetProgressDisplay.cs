using Spectre.Console;
using SrvProvisioner.Core.Fleet;
using SrvProvisioner.Cli.Composition;

namespace SrvProvisioner.Cli.Fleet;

/// <summary>
/// A live progress bar on stderr while a fleet runs, only when a person watches (stderr is a
/// terminal) and the output is text; otherwise the work runs silently.
/// </summary>
internal static class FleetProgressDisplay
{
    public static async Task<T> RunAsync<T>(bool show, int total, Func<IProgress<FleetProgress>?, Task<T>> work)
    {
        if (!show)
        {
            return await work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            ColorSystem = ProviderCatalog.ProcessEnvironment.GetNonEmpty("NO_COLOR") is null ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        T result = default!;
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Describe(new FleetProgress(total, 0, 0, 0)), maxValue: total);
                var progress = new Progress<FleetProgress>(p =>
                {
                    task.Value = p.Done;
                    task.Description = Describe(p);
                });
                result = await work(progress);
                task.Value = total;
            });
        return result;
    }

    private static string Describe(FleetProgress p) => $"{p.Done}/{p.Total} done, {p.Changed} changed, {p.Failed} failed";
}
