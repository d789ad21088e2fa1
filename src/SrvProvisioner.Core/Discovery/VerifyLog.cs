using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Discovery;

/// <summary>Collects checks and findings from concurrent steps; each step reserves its slot so the order stays that of discovery.</summary>
internal sealed class VerifyLog
{
    private readonly List<VerifyCheck> _checks = [];
    private readonly List<Finding> _findings = [];

    public void Check(string name, CheckStatus status, string detail)
    {
        lock (_checks)
        {
            _checks.Add(new VerifyCheck(name, status, detail));
        }
    }

    public void Pass(string name, string detail) => Check(name, CheckStatus.Pass, detail);

    public void Fail(string name, string detail) => Check(name, CheckStatus.Fail, detail);

    public void Skip(string name, string detail) => Check(name, CheckStatus.Skip, detail);

    /// <summary>True when any check of this log failed.</summary>
    public bool HasFailures
    {
        get
        {
            lock (_checks)
            {
                return _checks.Any(c => c.Status == CheckStatus.Fail);
            }
        }
    }

    /// <summary>A copy of the checks so far.</summary>
    public IReadOnlyList<VerifyCheck> Checks
    {
        get
        {
            lock (_checks)
            {
                return [.. _checks];
            }
        }
    }

    public void Finding(Severity severity, string code, string message)
    {
        lock (_findings)
        {
            if (!_findings.Any(f => f.Code == code && f.Message == message))
            {
                _findings.Add(new Finding(severity, code, message));
            }
        }
    }

    /// <summary>A child log whose entries are appended to this one, in order, by <see cref="Append"/>.</summary>
    public static VerifyLog Child() => new();

    public void Append(VerifyLog child)
    {
        ArgumentNullException.ThrowIfNull(child);
        lock (_checks)
        {
            _checks.AddRange(child._checks);
        }

        foreach (var f in child._findings)
        {
            Finding(f.Severity, f.Code, f.Message);
        }
    }

    public VerifyReport ToReport(string serverName)
    {
        lock (_checks)
        {
            lock (_findings)
            {
                return new VerifyReport(serverName, [.. _checks], [.. _findings.OrderByDescending(f => f.Severity)]);
            }
        }
    }
}
