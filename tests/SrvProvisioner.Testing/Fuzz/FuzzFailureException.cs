namespace SrvProvisioner.Testing.Fuzz;

/// <summary>A parser let an exception other than the tool's own escape, or ran past its time budget.</summary>
public sealed class FuzzFailureException : Exception
{
    public FuzzFailureException()
    {
    }

    public FuzzFailureException(string message)
        : base(message)
    {
    }

    public FuzzFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
