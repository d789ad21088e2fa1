namespace SrvProvisioner.Core.Discovery;

/// <summary>One step of verify with its verdict and evidence. <see cref="Name"/> starts with a stable kind (<see cref="VerifyCheckKinds"/>).</summary>
public sealed record VerifyCheck(string Name, CheckStatus Status, string Detail);
