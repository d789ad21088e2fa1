using System.Security.Cryptography.X509Certificates;

namespace SrvProvisioner.Core.Certificates;

/// <summary>
/// One certificate of the system store, indexed by its names without being parsed into an
/// <see cref="X509Certificate2"/>; that happens only when a chain needs it, once.
/// </summary>
internal sealed class SystemRootEntry(byte[] der, string subjectKey, string issuerKey)
{
    private X509Certificate2? _certificate;

    public byte[] Der { get; } = der;

    public string SubjectKey { get; } = subjectKey;

    public string IssuerKey { get; } = issuerKey;

    /// <summary>Self-issued certificates are trust anchors; the others are intermediates the store offers (as the platform treats them).</summary>
    public bool IsSelfIssued => SubjectKey == IssuerKey;

    public X509Certificate2 Certificate
    {
        get
        {
            var loaded = Volatile.Read(ref _certificate);
            if (loaded is not null)
            {
                return loaded;
            }

            var created = X509CertificateLoader.LoadCertificate(Der);
            var winner = Interlocked.CompareExchange(ref _certificate, created, null);
            if (winner is not null)
            {
                created.Dispose();
                return winner;
            }

            return created;
        }
    }
}
