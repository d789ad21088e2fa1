namespace SrvProvisioner.Core.Hosting;

/// <summary>
/// The one place product code reads environment variables (NO_COLOR, TERM, PATH,
/// XDG_STATE_HOME, SSL_CERT_FILE/SSL_CERT_DIR, SRVPROV_*, provider secrets, fleet-file
/// <c>{ env: NAME }</c> values). The composition root's <see cref="Process"/> is handed to
/// provider factories as <c>ProviderDependencies.Environment</c>; tests give a fixed
/// environment through <see cref="EnvironmentReader(Func{string, string})"/>. An architecture
/// test fails when any other product file calls <c>Environment.GetEnvironmentVariable</c>.
/// </summary>
public sealed class EnvironmentReader
{
    private readonly Func<string, string?> _read;

    /// <summary>A reader over <paramref name="read"/> (a variable's value, or null when it is not set).</summary>
    public EnvironmentReader(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        _read = read;
    }

    /// <summary>The process environment as .NET sees it.</summary>
    public static EnvironmentReader Process { get; } = new(System.Environment.GetEnvironmentVariable);

    /// <summary>The variable's value, or null when it is not set.</summary>
    public string? Get(string name) => _read(name);

    /// <summary>The variable's value, or null when it is not set or empty (NO_COLOR, XDG and OpenSSL treat empty as unset).</summary>
    public string? GetNonEmpty(string name) => _read(name) is { Length: > 0 } value ? value : null;
}
