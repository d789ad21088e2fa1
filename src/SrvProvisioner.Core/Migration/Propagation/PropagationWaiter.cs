using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Migration.Propagation;

/// <summary>
/// Waits until every authoritative server of a zone answers the expected RRsets, asking each
/// address directly on port 53 without recursion, again and again until the deadline. A
/// remote server asks whichever authoritative server its resolver picks, so one lagging
/// server is enough for some remote servers to see old data (shared/reference
/// matrix-delegation.md, "Migrating safely"). Generic over record types: any
/// <see cref="ExpectedRecordSet"/> can be waited for.
/// </summary>
public sealed class PropagationWaiter(TimeSpan queryTimeout, TimeSpan pollInterval, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<PropagationResult> WaitAsync(IReadOnlyList<AuthoritativeServer> servers, IReadOnlyList<ExpectedRecordSet> expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(expected);
        var started = _time.GetTimestamp();
        var answers = servers.ToDictionary(s => s, s => new ServerAnswer(s, false, "not asked yet"));
        while (true)
        {
            var pending = answers.Values.Where(a => !a.Serves).Select(a => a.Server).ToList();
            var round = await Task.WhenAll(pending.Select(s => AskAsync(s, expected, cancellationToken)));
            foreach (var answer in round)
            {
                answers[answer.Server] = answer;
            }

            var waited = _time.GetElapsedTime(started);
            if (answers.Values.All(a => a.Serves) || waited >= timeout)
            {
                return new PropagationResult([.. servers.Select(s => answers[s])], waited);
            }

            var left = timeout - waited;
            await Task.Delay(left < pollInterval ? left : pollInterval, _time, cancellationToken);
        }
    }

    private async Task<ServerAnswer> AskAsync(AuthoritativeServer server, IReadOnlyList<ExpectedRecordSet> expected, CancellationToken cancellationToken)
    {
        var endpoint = new System.Net.IPEndPoint(server.Address, AuthoritativeServer.Port);
        foreach (var set in expected)
        {
            var (values, error) = await AuthoritativeQuery.AskAsync(endpoint, set.Name, AuthoritativeQuery.ToArType(set.Type), recursionDesired: false, queryTimeout, cancellationToken);
            if (values is null)
            {
                return new ServerAnswer(server, false, error!);
            }

            var seen = values.Count == 0 ? [] : new RecordSet(set.Name, set.Type, 0, values).Values;
            if (!set.IsMetBy(seen))
            {
                var has = seen.Count == 0 ? "nothing" : string.Join(", ", seen);
                var wanted = set.Values.Count == 0 ? "nothing" : string.Join(", ", set.Values);
                return new ServerAnswer(server, false, $"answers {has} for {set.Name.Fqdn} {set.Type.ToMnemonic()}, {(set.Includes ? "without" : "not")} {wanted}");
            }
        }

        return new ServerAnswer(server, true, "serves the planned records");
    }
}
