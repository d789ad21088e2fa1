namespace SrvProvisioner.Core.Dns;

/// <summary>Which SRV service names to publish (<c>--services</c>).</summary>
public enum MatrixServices
{
    /// <summary><c>_matrix-fed._tcp</c> and <c>_matrix._tcp</c> with the same records (default).</summary>
    Both,

    /// <summary><c>_matrix-fed._tcp</c> only (Matrix spec v1.8 and later).</summary>
    Fed,

    /// <summary><c>_matrix._tcp</c> only (deprecated; servers older than spec v1.8).</summary>
    Legacy,
}
