namespace SrvProvisioner.Core.Discovery;

/// <summary>The <c>--connect-to</c> rules in the order given; the first that matches wins (as in curl).</summary>
public sealed class ConnectToMap
{
    public ConnectToMap(IEnumerable<ConnectToRule> rules)
    {
        Rules = [.. rules];
    }

    public static ConnectToMap Empty { get; } = new([]);

    public IReadOnlyList<ConnectToRule> Rules { get; }

    public static ConnectToMap Parse(IEnumerable<string>? texts) => new((texts ?? []).Select(ConnectToRule.Parse));

    /// <summary>Where a connection meant for host:port goes, and the rule that sent it there (null when none).</summary>
    public (string Host, int Port, ConnectToRule? Rule) Resolve(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        var rule = Rules.FirstOrDefault(r => r.Matches(host, port));
        if (rule is null)
        {
            return (host, port, null);
        }

        var (h, p) = rule.Apply(ConnectToRule.Normalize(host), port);
        return (h, p, rule);
    }
}
