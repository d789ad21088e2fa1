namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// How a DNS lookup ended. <see cref="Error"/> (SERVFAIL, REFUSED, timeout) is not
/// <see cref="NoRecords"/> (NXDOMAIN or an empty answer): the spec falls back only on the latter.
/// </summary>
public enum LookupOutcome
{
    Found,
    NoRecords,
    Error,
}
