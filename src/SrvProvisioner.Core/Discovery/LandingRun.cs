namespace SrvProvisioner.Core.Discovery;

/// <summary>The probe of one landing, running from the moment its landing was known, with its own log.</summary>
internal sealed record LandingRun(Landing Landing, VerifyLog Log, Task Completion);
