namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// Steps 4-6 for one host: their checks in a log of their own (appended to the report only if
/// these steps decide), where they land and the probes of those landings, started as soon as
/// the answer that decides them arrived.
/// </summary>
internal sealed record SrvPathResult(VerifyLog Log, IReadOnlyList<Landing> Landings, string DecidedBy, IReadOnlyList<LandingRun> Runs);
