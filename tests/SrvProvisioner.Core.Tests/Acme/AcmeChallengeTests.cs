using SrvProvisioner.Core.Acme;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Tests.Acme;

public sealed class AcmeChallengeTests
{
    private const string Value = "-Xq9gfj_Kk0aBcdEFGhijkLMNopQRstuVWxyz012345";

    [Theory]
    [InlineData("example.com", "_acme-challenge.example.com.")]
    [InlineData("*.example.com", "_acme-challenge.example.com.")]
    [InlineData("_acme-challenge.example.com.", "_acme-challenge.example.com.")]
    [InlineData("_ACME-Challenge.Matrix.Example.com", "_acme-challenge.matrix.example.com.")]
    public void Parse_FindsTheChallengeName_FromCertbotDomainOrLegoFqdn(string given, string name) =>
        AcmeChallenge.Parse(given, Value, "domain").Name.Fqdn.ShouldBe(name);

    [Fact]
    public void TxtValue_IsTheQuotedValue_CaseKept() =>
        AcmeChallenge.Parse("example.com", "AbC_-9", "domain").TxtValue.ShouldBe("\"AbC_-9\"");

    [Theory]
    [InlineData("_dmarc.example.com", "not a domain an ACME CA validates")]
    [InlineData("_acme-challenge._tcp.example.com", "not a domain an ACME CA validates")]
    [InlineData("com", "not a domain an ACME CA validates")]
    [InlineData("", "is empty")]
    [InlineData("exa mple.com", "not a domain name")]
    public void Parse_RefusesNamesThatAreNoAcmeDomain(string given, string says) =>
        Should.Throw<InvalidInputException>(() => AcmeChallenge.Parse(given, Value, "domain")).Message.ShouldContain(says);

    [Theory]
    [InlineData("")]
    [InlineData("v=spf1 +all")]
    [InlineData("abc\"def")]
    [InlineData("abc\ndef")]
    public void Parse_RefusesValuesThatAreNoBase64Url(string value) =>
        Should.Throw<InvalidInputException>(() => AcmeChallenge.Parse("example.com", value, "domain")).Message.ShouldContain("base64url");

    [Fact]
    public void Parse_RefusesValuesLongerThanOneCharacterString()
    {
        AcmeChallenge.Parse("example.com", new string('a', 255), "domain").Value.Length.ShouldBe(255);
        Should.Throw<InvalidInputException>(() => AcmeChallenge.Parse("example.com", new string('a', 256), "domain"));
    }
}
