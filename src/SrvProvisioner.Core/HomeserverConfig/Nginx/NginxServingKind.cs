namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

internal enum NginxServingKind
{
    /// <summary>The URI gets no answer a homeserver would use (4xx, missing file, a fallback page).</summary>
    NotServed,

    /// <summary>nginx itself answers it: <c>return 2xx/3xx</c>, an existing file, or a pass dedicated to the well-known.</summary>
    Served,

    /// <summary>A general <c>proxy_pass</c> (or similar) forwards it: the upstream decides.</summary>
    Forwarded,

    /// <summary>Variables, <c>if</c>, <c>rewrite</c>, includes inside the location: srvprov cannot tell.</summary>
    Unsure,
}
