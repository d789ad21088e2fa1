using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Providers.Rfc2136.Tests;

public sealed class TsigKeyTests
{
    [Fact]
    public void Parse_ReadsTsigKeygenBlock_WithCommentsAroundIt()
    {
        var text = "# made by tsig-keygen\nkey \"ddns-key.example.com\" {\n\talgorithm hmac-sha512;\n\tsecret \"c2VjcmV0LWJ5dGVz\";\n};\n// end\n";
        var key = TsigKey.Parse(text, "test");
        key.Name.ShouldBe("ddns-key.example.com");
        key.Algorithm.ShouldBe(ARSoft.Tools.Net.Dns.TSigAlgorithm.Sha512);
        System.Text.Encoding.ASCII.GetString(key.Secret).ShouldBe("secret-bytes");
    }

    [Fact]
    public void Parse_KeepsASecretThatContainsTwoSlashes_AndStillDropsComments()
    {
        // Base64 has '/', so "//" occurs in about one random 20-byte secret in 150: it is not a comment inside quotes.
        byte[] secret = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x02, 0x03];
        var base64 = Convert.ToBase64String(secret);
        base64.ShouldContain("//");
        var text = $"/* generated */ key \"k\" {{ # the key\n\talgorithm hmac-sha1; // legacy\n\tsecret \"{base64}\";\n}};\n";

        var key = TsigKey.Parse(text, "test");

        key.Secret.ShouldBe(secret);
        key.Algorithm.ShouldBe(ARSoft.Tools.Net.Dns.TSigAlgorithm.Sha1);
    }

    [Fact]
    public void Parse_ReadsNsupdateColonForm()
    {
        var key = TsigKey.Parse("hmac-sha1:k1:c2VjcmV0LWJ5dGVz", "env");
        key.Name.ShouldBe("k1");
        key.Algorithm.ShouldBe(ARSoft.Tools.Net.Dns.TSigAlgorithm.Sha1);
    }

    [Theory]
    [InlineData("this is not a key")]
    [InlineData("key \"k\" { algorithm hmac-sha256; };")]
    [InlineData("key \"k\" { algorithm hmac-foo; secret \"c2VjcmV0\"; };")]
    [InlineData("key \"k\" { algorithm hmac-sha256; secret \"not base64!!\"; };")]
    public void Parse_RefusesMalformedKeys_WithAMessageNamingTheSource(string text)
    {
        var ex = Should.Throw<InvalidInputException>(() => TsigKey.Parse(text, "my.key"));
        ex.Message.ShouldContain("my.key");
        ex.Message.ShouldNotContain("c2VjcmV0");
    }
}

public sealed class TsigKeyLeakTests
{
    private const string Secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMw==";

    // Found by a longer fuzz run: a damaged key block with a colon in it is read as the
    // name:secret form, and its "name" (the whole line, secret included) was quoted.
    [Theory]
    [InlineData("# tsig-keygen_key srvprov 4/ algorithm hmac-sha512; secret \"" + Secret + "\"; };:443")]
    [InlineData(Secret + ":notbase64!")]
    [InlineData("hmac-sha256:" + "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4" + ":notbase64!")]
    [InlineData(Secret + ":k:c2VjcmV0")]
    public void Parse_NeverQuotesANameOrAlgorithmThatMayHoldTheSecret(string text)
    {
        var ex = Should.Throw<InvalidInputException>(() => TsigKey.Parse(text, "my.key"));

        ex.Message.ShouldContain("my.key");
        ex.Message.ShouldNotContain("c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0");
    }

    [Fact]
    public void Parse_StillQuotesAPlainKeyName_WhenItsSecretIsNotBase64()
    {
        Should.Throw<InvalidInputException>(() => TsigKey.Parse("hmac-sha256:srvprov-key:notbase64!", "my.key"))
            .Message.ShouldContain("'srvprov-key'");
    }
}
