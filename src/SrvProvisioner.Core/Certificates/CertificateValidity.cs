namespace SrvProvisioner.Core.Certificates;

/// <summary>Where "now" lies in a certificate's validity window.</summary>
public enum CertificateValidity
{
    Valid,

    /// <summary>Valid, but it expires within <see cref="CertificateInspector.ExpiryWarning"/>.</summary>
    ExpiresSoon,
    Expired,
    NotYetValid,
}
