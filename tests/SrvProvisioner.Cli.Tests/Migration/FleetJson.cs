using System.Text.Json.Nodes;

namespace SrvProvisioner.Cli.Tests.Migration;

/// <summary>Reading a fleet run's JSON and ending the lab's background tasks, for the fleet migration tests.</summary>
internal static class FleetJson
{
    /// <summary>A domain's stages as "name:status", in order.</summary>
    public static List<string> Stages(JsonNode domain) =>
        [.. domain["stages"]!.AsArray().Select(s => $"{s!["name"]!.GetValue<string>()}:{s["status"]!.GetValue<string>()}")];

    /// <summary>Awaits a secondary's release task that may end with the run.</summary>
    public static async Task IgnoreCancelledAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // the release ended with the run
        }
    }
}
