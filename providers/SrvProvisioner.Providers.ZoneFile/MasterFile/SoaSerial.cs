using System.Globalization;

namespace SrvProvisioner.Providers.ZoneFile.MasterFile;

/// <summary>
/// The next SOA serial. A serial that reads as a date (<c>YYYYMMDDnn</c>, the convention of
/// RFC 1912 §2.2) moves to today's date with <c>00</c>, or counts up within the day; any
/// other serial counts up by one. Serial arithmetic is modulo 2^32 (RFC 1982).
/// </summary>
internal static class SoaSerial
{
    public static uint Next(uint current, DateOnly today)
    {
        if (LooksLikeDate(current))
        {
            var todaySerial = (uint)(today.Year * 1_000_000 + today.Month * 10_000 + today.Day * 100);
            return todaySerial > current ? todaySerial : current + 1;
        }

        return unchecked(current + 1);
    }

    private static bool LooksLikeDate(uint serial)
    {
        if (serial < 1_970_010_100u)
        {
            return false;
        }

        var text = serial.ToString(CultureInfo.InvariantCulture);
        return text.Length == 10
            && DateOnly.TryParseExact(text[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date.Year is >= 1990 and <= 2200;
    }
}
