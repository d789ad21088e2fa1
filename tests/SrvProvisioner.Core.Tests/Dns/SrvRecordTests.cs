using CsCheck;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Tests.Dns;

public sealed class SrvRecordTests
{
    [Fact]
    public void Parse_ReadsPresentationForm_AndCanonicalisesTarget()
    {
        var r = SrvRecord.Parse("10  5 8448 Matrix.Example.COM");
        r.ShouldBe(new SrvRecord(10, 5, 8448, DnsName.Parse("matrix.example.com")));
        r.ToString().ShouldBe("10 5 8448 matrix.example.com.");
    }

    [Fact]
    public void Parse_ReadsRootTargetAsNoService() =>
        SrvRecord.Parse("0 0 0 .").Target.IsRoot.ShouldBeTrue();

    [Theory]
    [InlineData("10 0 70000 matrix.example.com.", "port")]
    [InlineData("65536 0 1 matrix.example.com.", "priority")]
    [InlineData("1 -1 1 matrix.example.com.", "weight")]
    [InlineData("1 0 8448", "four fields")]
    public void Parse_RefusesOutOfRangeOrMalformed(string text, string field) =>
        Should.Throw<InvalidInputException>(() => SrvRecord.Parse(text)).Message.ShouldContain(field);

    [Fact]
    public void ToStringThenParse_RoundTrips_ForAnyValues() =>
        Gen.Select(Gen.UShort, Gen.UShort, Gen.UShort, Gen.Int[1, 5], Gen.Char["abcxyz019-"].Array[1, 10])
            .Sample((p, w, port, labels, chars) =>
            {
                var label = "h" + new string(chars).Trim('-') + "x";
                var target = DnsName.Parse(string.Join('.', Enumerable.Repeat(label, labels)) + ".example");
                var r = new SrvRecord(p, w, port, target);
                return SrvRecord.Parse(r.ToString()) == r;
            });
}
