namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// One request of a pipelined exchange: the status and body, or the error, or
/// <see cref="Unanswered"/> when the connection ended before its turn (then it is asked again
/// on a fresh connection, as a client must for pipelined requests, RFC 9112 §9.3.2).
/// </summary>
internal sealed record HttpExchangeResult(int Status, byte[] Body, string? Error)
{
    public bool Unanswered { get; init; }

    public static HttpExchangeResult Failed(string error) => new(0, [], error);

    public static HttpExchangeResult NotAnswered(string why) => new(0, [], why) { Unanswered = true };
}
