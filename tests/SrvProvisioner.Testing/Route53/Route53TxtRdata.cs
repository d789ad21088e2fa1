namespace SrvProvisioner.Testing.Route53;

/// <summary>
/// Route 53's checks of a TXT Value (developer guide, "Supported DNS record types", TXT record
/// type): one or more character-strings, each in double quotation marks, at most 255
/// characters each after <c>\"</c>, <c>\\</c> and <c>\ooo</c> (octal) escapes (counted here as
/// the bytes they stand for), at most 4,000 characters in all. Route 53 refuses anything else with "Invalid Resource Record: FATAL
/// problem: ..." (unquoted: InvalidTXTRDATA, ansible/ansible#6112; a string too long:
/// CharacterStringTooLong, boto/boto3#1462).
/// </summary>
internal static class Route53TxtRdata
{
    public const int MaxStringLength = 255;
    public const int MaxValueLength = 4000;

    /// <summary>The FATAL problem Route 53 reports for <paramref name="value"/>, or null when it takes it.</summary>
    public static string? Problem(string value)
    {
        if (value.Length > MaxValueLength)
        {
            return Fatal("TXTRDATATooLong (Value is too long)", value);
        }

        var i = 0;
        var strings = 0;
        while (true)
        {
            while (i < value.Length && value[i] == ' ')
            {
                i++;
            }

            if (i >= value.Length)
            {
                return strings == 0 ? Fatal("InvalidTXTRDATA", value) : null;
            }

            if (value[i] != '"')
            {
                return Fatal("InvalidTXTRDATA", value);
            }

            i++;
            var length = 0;
            var closed = false;
            while (i < value.Length)
            {
                var c = value[i];
                if (c == '"')
                {
                    closed = true;
                    i++;
                    break;
                }

                if (c == '\\')
                {
                    if (i + 1 >= value.Length)
                    {
                        return Fatal("InvalidTXTRDATA", value);
                    }

                    i += i + 3 < value.Length && IsOctal(value[i + 1]) && IsOctal(value[i + 2]) && IsOctal(value[i + 3]) ? 4 : 2;
                }
                else if (c < 0x20 || c == 0x7F)
                {
                    // Control characters must be written as octal escapes.
                    return Fatal("InvalidTXTRDATA", value);
                }
                else if (c > 0x7F)
                {
                    // Counted as the bytes it becomes on the wire.
                    length += System.Text.Encoding.UTF8.GetByteCount(value.AsSpan(i, char.IsHighSurrogate(c) ? 2 : 1)) - 1;
                    i += char.IsHighSurrogate(c) ? 2 : 1;
                }
                else
                {
                    i++;
                }

                length++;
            }

            if (!closed || (i < value.Length && value[i] != ' '))
            {
                return Fatal("InvalidTXTRDATA", value);
            }

            if (length > MaxStringLength)
            {
                return Fatal("CharacterStringTooLong (Value is too long)", value);
            }

            strings++;
        }
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    private static string Fatal(string what, string value) =>
        $"Invalid Resource Record: 'FATAL problem: {what} encountered with '{value}''";
}
