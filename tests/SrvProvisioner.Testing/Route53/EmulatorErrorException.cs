using System.Net;

namespace SrvProvisioner.Testing.Route53;

/// <summary>An error answer the emulator sends, in Route 53's format.</summary>
internal sealed class EmulatorErrorException : Exception
{
    public EmulatorErrorException(HttpStatusCode status, string code, string message, IReadOnlyList<string>? batchMessages = null)
        : base(message)
    {
        Status = status;
        Code = code;
        BatchMessages = batchMessages;
    }

    public HttpStatusCode Status { get; }

    public string Code { get; }

    /// <summary>InvalidChangeBatch answers list each problem (<c>&lt;InvalidChangeBatch&gt;&lt;Messages&gt;</c>).</summary>
    public IReadOnlyList<string>? BatchMessages { get; }

    public TimeSpan? RetryAfter { get; init; }

    public static EmulatorErrorException InvalidInput(string message) => new(HttpStatusCode.BadRequest, "InvalidInput", message);
}
