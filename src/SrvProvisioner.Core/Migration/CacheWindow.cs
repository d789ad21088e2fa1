using SrvProvisioner.Core.Discovery;

namespace SrvProvisioner.Core.Migration;

/// <summary>
/// How long remote servers may keep using a well-known answer after it is switched off: its
/// <c>Cache-Control: max-age</c>, else <c>Expires</c> - <c>Date</c>; 24 hours when neither is
/// given, never more than 48 hours (server-server API, "Resolving server names", step 3:
/// "servers should respect the cache control headers ... default 24 hours ... cap 48 hours").
/// </summary>
public static class CacheWindow
{
    public static readonly TimeSpan Default = TimeSpan.FromHours(24);
    public static readonly TimeSpan Cap = TimeSpan.FromHours(48);

    public static TimeSpan Lifetime(WellKnownResult served, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(served);
        TimeSpan? given = served.CacheMaxAge;
        if (given is null && served.Expires is { } expires)
        {
            given = expires - (served.Date ?? now);
        }

        var lifetime = given ?? Default;
        if (lifetime < TimeSpan.Zero)
        {
            lifetime = TimeSpan.Zero;
        }

        return lifetime > Cap ? Cap : lifetime;
    }
}
