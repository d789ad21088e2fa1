using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// <c>plan --check-live</c>: fetches <c>https://&lt;server name&gt;/.well-known/matrix/server</c>
/// as a homeserver would. A valid answer is an error finding, because it takes precedence over
/// the SRV records the plan publishes (spec "Resolving server names", step 3), so applying
/// them would change nothing until it is removed. With proxy configs given (<c>--config</c>),
/// the finding names the location that explains the answer, when it can tell
/// (<see cref="LiveServingMatcher"/>).
/// </summary>
public sealed class LiveWellKnownCheck(VerifySettings settings) : IConfigAwarePlanCheck
{
    public bool AppliesTo(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.CheckLive;
    }

    public Task<IReadOnlyList<Finding>> RunAsync(PlanRequest request, CancellationToken cancellationToken) =>
        RunAsync(request, Task.FromResult(new ConfigPlanResult([], [])), cancellationToken);

    public async Task<IReadOnlyList<Finding>> RunAsync(PlanRequest request, Task<ConfigPlanResult> config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(config);
        using var engine = new VerifyEngine(settings);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        run.CancelAfter(settings.Timeout);
        var name = new MatrixServerName(request.Delegation.ServerName.Value, null, false);
        WellKnownResult result;
        try
        {
            result = await engine.WellKnown.FetchAsync(name, run.Token);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            if (engine.NoDnsAnswer is { } silent)
            {
                return [CouldNotCheck(silent)];
            }

            return [new Finding(Severity.Warning, DiscoveryFindingCodes.WellKnownNotServed, $"https://{name.Host}/.well-known/matrix/server did not answer within --timeout; homeservers treat that as \"not served\" (and retry later), so it could not be ruled out.")];
        }

        if (result.StatusCode is null && engine.NoDnsAnswer is { } reason)
        {
            // No answer from any resolver: offline, not "no well-known served".
            return [CouldNotCheck(reason)];
        }

        var evidence = result.RedirectChain.Count > 0 ? $" Evidence: {string.Join(" | ", result.RedirectChain)}." : string.Empty;
        if (result.IsValid)
        {
            // Only proxy trees describe where an answer comes from; a homeserver config alone says nothing about it.
            var analysed = await config;
            var location = analysed.Files.Any(f => f.Tree is not null) ? " " + LiveServingMatcher.Explain(result, analysed.Serving) : string.Empty;
            return [new Finding(Severity.Error, DiscoveryFindingCodes.WellKnownServed, $"{result.Url} is served (m.server: {result.Delegated}): well-known takes precedence over SRV; remove it from {result.ServedBy}.{location}{evidence}")];
        }

        return [new Finding(Severity.Info, DiscoveryFindingCodes.WellKnownNotServed, $"{result.Url}: {result.Reason}, so the SRV records decide.{evidence}")];
    }

    /// <summary>Not an error of the zone or the server: the CLI says it once and exits 1.</summary>
    private static Finding CouldNotCheck(string reason) =>
        new(Severity.Warning, DiscoveryFindingCodes.CouldNotCheck, "--check-live " + OfflineReport.Message(reason));
}
