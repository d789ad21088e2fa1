using System.Globalization;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Providers;

/// <summary>Parses durations given as seconds ("20") or with a unit ("500ms", "20s", "2m", "1h").</summary>
public static class DurationParser
{
    public static TimeSpan Parse(string text, string option)
    {
        // double.TryParse accepts "NaN" and "Infinity" whatever the NumberStyles; neither is a duration.
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        (string number, double factor) = t switch
        {
            _ when t.EndsWith("ms", StringComparison.Ordinal) => (t[..^2], 0.001),
            _ when t.EndsWith('s') => (t[..^1], 1.0),
            _ when t.EndsWith('m') => (t[..^1], 60.0),
            _ when t.EndsWith('h') => (t[..^1], 3600.0),
            _ => (t, 1.0),
        };

        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0 || value * factor > 86400)
        {
            throw new InvalidInputException($"{option} '{text}' is not a duration: give seconds (20) or a unit (500ms, 20s, 2m), at most one day.");
        }

        return TimeSpan.FromSeconds(value * factor);
    }
}
