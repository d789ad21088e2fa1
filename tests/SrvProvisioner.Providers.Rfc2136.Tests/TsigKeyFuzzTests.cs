using CsCheck;
using SrvProvisioner.Testing.Fuzz;

namespace SrvProvisioner.Providers.Rfc2136.Tests;

/// <summary>Issue 17, Deliver 7: TSIG key files and --rfc2136-server values parse or refuse with the tool's own error, and a refusal never shows the secret.</summary>
public sealed class TsigKeyFuzzTests
{
    private const string Secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMw==";

    [Fact]
    public void KeyFile_ParsesOrRefusesWithOwnErrors_WithoutShowingTheSecret()
    {
        Mutations.Near(
            $"key \"srvprov\" {{\n\talgorithm hmac-sha256;\n\tsecret \"{Secret}\";\n}};\n",
            $"# tsig-keygen\nkey srvprov {{ algorithm hmac-sha512; secret \"{Secret}\"; }};",
            $"hmac-sha256:srvprov:{Secret}",
            $"srvprov:{Secret}").Sample(
            text =>
            {
                try
                {
                    Only.OwnErrors(() => TsigKey.Parse(text, "key.conf"), text);
                }
                catch (FuzzFailureException)
                {
                    throw;
                }

                try
                {
                    TsigKey.Parse(text, "key.conf");
                }
                catch (Core.Errors.SrvProvisionerException ex)
                {
                    ex.Message.ShouldNotContain(Secret, customMessage: text);
                }
            },
            iter: 3000,
            threads: 1);
    }

    [Fact]
    public void ServerOption_SplitsOrRefusesWithOwnErrors()
    {
        Mutations.Near("ns1.example.com", "127.0.0.1:5353", "[::1]:53", "[2001:db8::1]", "ns1.example.com:53").Sample(
            text =>
            {
                (string Host, int Port)? split = null;
                Only.OwnErrors(() => split = ServerAddress.Split(text), text);
                if (split is { } s)
                {
                    s.Port.ShouldBeInRange(1, 65535, text);
                    s.Host.ShouldNotBeEmpty(text);
                }
            },
            iter: 3000,
            threads: 1);
    }
}
