using SrvProvisioner.Testing.Bind;

namespace SrvProvisioner.Providers.Rfc2136.Tests;

internal static class TestZones
{
    public static BindZone ExampleCom(string extra = "") => new("example.com", $"""
        $ORIGIN example.com.
        $TTL 300
        @       IN SOA ns1.example.com. hostmaster.example.com. ( 2026010100 3600 600 86400 300 )
                IN NS  ns1.example.com.
        ns1     IN A   127.0.0.1
        matrix  IN A   192.0.2.80
        alias   IN CNAME matrix.example.com.
        {extra}
        """);
}
