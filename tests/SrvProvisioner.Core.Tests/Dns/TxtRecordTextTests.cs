using CsCheck;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Tests.Dns;

public sealed class TxtRecordTextTests
{
    [Fact]
    public void FromText_QuotesAcmeValue_AndKeepsCase() =>
        TxtRecordText.FromText("gfj9Xq-Kk_Z0aB").ShouldBe("\"gfj9Xq-Kk_Z0aB\"");

    [Fact]
    public void FromText_EscapesQuoteAndBackslash_AndWritesOtherBytesAsDecimal() =>
        TxtRecordText.FromText("a\"b\\c\td\u00e9").ShouldBe("\"a\\\"b\\\\c\\009d\\195\\169\"");

    [Fact]
    public void FromText_SplitsLongTextIntoStringsOf255Bytes()
    {
        var text = new string('x', 300);
        TxtRecordText.FromText(text).ShouldBe($"\"{new string('x', 255)}\" \"{new string('x', 45)}\"");
    }

    [Fact]
    public void FromText_WritesEmptyTextAsOneEmptyString() =>
        TxtRecordText.FromText(string.Empty).ShouldBe("\"\"");

    [Theory]
    [InlineData("abc", "\"abc\"")]
    [InlineData("\"a b\"   \"C\"", "\"a b\" \"C\"")]
    [InlineData("\"a\\065\\\"\"", "\"aA\\\"\"")]
    [InlineData("v=spf1 -all", "\"v=spf1\" \"-all\"")]
    [InlineData("\t\"x\"\t", "\"x\"")]
    public void Canonicalise_ReadsPresentationForms(string presentation, string canonical) =>
        TxtRecordText.Canonicalise(presentation).ShouldBe(canonical);

    [Fact]
    public void Canonicalise_KeepsCase_SoValuesDifferingInCaseStayDifferent()
    {
        var set = new RecordSet(DnsName.Parse("_acme-challenge.example.com"), RecordType.Txt, 60, ["\"AbC\"", "\"abc\""]);
        set.Values.ShouldBe(["\"AbC\"", "\"abc\""]);
    }

    [Fact]
    public void JoinedText_ConcatenatesStrings_AsAcmeCompares() =>
        TxtRecordText.JoinedText("\"ab\" \"cd\" \"\\101\"").ShouldBe("abcde");

    [Theory]
    [InlineData("\"abc", "unclosed quote")]
    [InlineData("ab\"c", "stray quote")]
    [InlineData("\"a\\", "lone backslash")]
    [InlineData("a\\", "lone backslash")]
    [InlineData("\"\\12\"", "three digits")]
    [InlineData("\"\\256\"", "above \\255")]
    [InlineData("\"a\"\"b\"", "needs a blank")]
    [InlineData("\"a\nb\"", "spans lines")]
    [InlineData("   ", "at least one")]
    public void Parse_RefusesMalformedData_WithOneClearMessage(string presentation, string says) =>
        Should.Throw<InvalidInputException>(() => TxtRecordText.Parse(presentation)).Message.ShouldContain(says);

    [Fact]
    public void Parse_RefusesStringsLongerThan255Bytes_AndTakes255()
    {
        TxtRecordText.Parse($"\"{new string('a', 255)}\"").Single().Length.ShouldBe(255);
        Should.Throw<InvalidInputException>(() => TxtRecordText.Parse($"\"{new string('a', 256)}\"")).Message.ShouldContain("256");

        // Escapes count as the one byte they stand for.
        TxtRecordText.Parse("\"" + string.Concat(Enumerable.Repeat("\\000", 255)) + "\"").Single().Length.ShouldBe(255);
    }

    [Fact]
    public void FromStrings_RefusesNoStringsAndOverlongStrings()
    {
        Should.Throw<InvalidInputException>(() => TxtRecordText.FromStrings([]));
        Should.Throw<InvalidInputException>(() => TxtRecordText.FromStrings([new byte[256]]));
    }

    [Fact]
    public void FromStringsThenParse_RoundTrips_ForAnyBytes() =>
        Gen.Byte.Array[0, 255].Array[1, 4].Sample(strings =>
        {
            var parsed = TxtRecordText.Parse(TxtRecordText.FromStrings(strings));
            return parsed.Count == strings.Length && parsed.Zip(strings).All(p => p.First.AsSpan().SequenceEqual(p.Second));
        });

    [Fact]
    public void FromTextThenJoinedText_RoundTrips_ForAnyText() =>
        Gen.String[Gen.Char, 0, 700].Where(s => !HasLoneSurrogate(s)).Sample(text =>
        {
            var canonical = TxtRecordText.FromText(text);
            return TxtRecordText.JoinedText(canonical) == text
                && TxtRecordText.Canonicalise(canonical) == canonical
                && TxtRecordText.Parse(canonical).All(s => s.Length <= TxtRecordText.MaxStringBytes);
        });

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }

        return false;
    }
}
