using System.Collections.Concurrent;
using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace SrvProvisioner.Testing.Net;

/// <summary>
/// A UDP DNS server on loopback whose answers a test writes record by record, for what a real
/// server will not send on demand: additional data that disagrees with the answer, or an answer
/// held back for a while. Built on ARSoft.Tools.Net's server (an encoder independent of the
/// product's query code). Every question it receives is recorded with its arrival time.
/// </summary>
public sealed class ScriptedDnsServer : IDisposable
{
    private readonly DnsServer _server;
    private readonly Func<DnsQuestion, ScriptedAnswer> _script;

    private ScriptedDnsServer(IPEndPoint endPoint, Func<DnsQuestion, ScriptedAnswer> script)
    {
        EndPoint = endPoint;
        _script = script;
        _server = new DnsServer(new UdpServerTransport(endPoint, 5000));
        _server.QueryReceived += OnQueryAsync;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Each question as "NAME TYPE" (e.g. "matrix.example.com. A") with when it arrived.</summary>
    public ConcurrentQueue<(string Question, DateTimeOffset At)> Questions { get; } = new();

    public static ScriptedDnsServer Start(Func<DnsQuestion, ScriptedAnswer> script)
    {
        var server = new ScriptedDnsServer(new IPEndPoint(IPAddress.Loopback, FreePort.Find()), script);
        server._server.Start();
        return server;
    }

    public void Dispose() => _server.Stop();

    private async Task OnQueryAsync(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage query || query.Questions.Count != 1)
        {
            return;
        }

        var question = query.Questions[0];
        Questions.Enqueue(($"{question.Name} {question.RecordType.ToString().ToUpperInvariant()}", DateTimeOffset.UtcNow));
        var scripted = _script(question);
        if (scripted.Delay > TimeSpan.Zero)
        {
            await Task.Delay(scripted.Delay);
        }

        var response = query.CreateResponseInstance();
        response.IsAuthoritiveAnswer = true;
        response.ReturnCode = scripted.ReturnCode;
        foreach (var record in scripted.Answer)
        {
            response.AnswerRecords.Add(record);
        }

        foreach (var record in scripted.Additional)
        {
            response.AdditionalRecords.Add(record);
        }

        e.Response = response;
    }
}

/// <summary>What <see cref="ScriptedDnsServer"/> sends for one question, and how long it waits first.</summary>
public sealed record ScriptedAnswer(IReadOnlyList<DnsRecordBase> Answer, IReadOnlyList<DnsRecordBase> Additional, TimeSpan Delay = default, ReturnCode ReturnCode = ReturnCode.NoError)
{
    public static ScriptedAnswer NoData { get; } = new([], []);

    public static DomainName Name(string name) => DomainName.Parse(name);
}
