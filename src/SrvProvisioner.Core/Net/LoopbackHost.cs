using System.Net;

namespace SrvProvisioner.Core.Net;

/// <summary>
/// Whether a URL names this machine: <c>localhost</c>, or a loopback address literal
/// (127.0.0.0/8, <c>::1</c>; RFC 6890 §2.2.2, §2.2.3). Providers speak plain http only there
/// (an emulator or a local proxy), where what a request carries never crosses a network.
/// </summary>
public static class LoopbackHost
{
    public static bool Is(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var host = uri.IdnHost;
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
