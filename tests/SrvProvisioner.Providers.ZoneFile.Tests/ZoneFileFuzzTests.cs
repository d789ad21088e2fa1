using System.Text;
using CsCheck;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Providers.ZoneFile.MasterFile;
using SrvProvisioner.Testing.Fuzz;

namespace SrvProvisioner.Providers.ZoneFile.Tests;

/// <summary>
/// Issue 17, Deliver 7: the zone file reader, fed mutated master files, returns record sets or
/// throws the tool's own error, in bounded time; and the byte round trip holds for any bytes.
/// </summary>
public sealed class ZoneFileFuzzTests
{
    private const int Iterations = 3000;

    private static readonly DnsName Origin = DnsName.Parse("example.com");

    private const string Zone = """
        $ORIGIN example.com.
        $TTL 1h
        @   IN SOA ns1.example.com. hostmaster.example.com. (
                2026010100 ; serial
                1h 15m 1w 5m )
            IN NS ns1
        ns1 300 IN A 192.0.2.53
        matrix  IN A 192.0.2.10
                IN AAAA 2001:db8::10
        _matrix-fed._tcp 3600 IN SRV 10 0 8448 matrix
        *.wild IN MX 10 mail
        a\046b IN TXT "caf\233" "x;y"
        www IN CNAME matrix.example.com.
        sub.example.com. IN CAA 0 issue "letsencrypt.org"
        """;

    [Fact]
    public void Reader_ReturnsSetsOrRefusesWithOwnErrors()
    {
        Mutations.Near(Zone).Sample(
            text =>
            {
                Only.OwnErrors(() => ZoneOriginDetector.Detect(text, "z.zone"), text);
                Only.OwnErrors(() => ZoneFileReader.Parse(text, Origin, "z.zone"), text);
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public void EditWithoutChanges_ChangesOnlyTheSerial_OfEveryZoneItReads()
    {
        Mutations.Near(Zone).Sample(
            text =>
            {
                MasterFileLayout? layout = null;
                Only.OwnErrors(() => { ZoneFileReader.Parse(text, Origin, "z.zone"); layout = MasterFileLayout.Scan(text, Origin); }, text);
                if (layout is null)
                {
                    return;
                }

                string? edited = null;
                Only.OwnErrors(() => edited = MasterFileEditor.Apply(layout, [], new DateOnly(2026, 11, 30)), text);
                if (edited is not null)
                {
                    // RFC 1035 §3.3.13: SOA RDATA is MNAME RNAME SERIAL ...; the serial is the third token after the type.
                    var tokens = layout.Entries.Single(e => e.Type == "SOA").Tokens.ToList();
                    var serial = tokens[tokens.FindIndex(t => t.Text.Equals("SOA", StringComparison.OrdinalIgnoreCase)) + 3];
                    edited[..serial.Offset].ShouldBe(text[..serial.Offset], text);
                    edited.EndsWith(text[(serial.Offset + serial.Text.Length)..], StringComparison.Ordinal).ShouldBeTrue(text);
                }
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public void Bytes_RoundTripExactly_ThroughTheZoneText()
    {
        Gen.Byte.Array[0, 400].Select(Gen.Bool).Sample(
            (bytes, bom) =>
            {
                var input = bom ? [.. Encoding.UTF8.Preamble, .. bytes] : bytes;
                ZoneFileText.Encode(ZoneFileText.Decode(input), ZoneFileText.HasBom(input)).ShouldBe(input);
            },
            iter: Iterations,
            threads: 1);
    }
}
