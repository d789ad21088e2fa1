using System.Globalization;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Providers;

/// <summary>The values a user gave for a provider's options, by option name.</summary>
public sealed class ProviderSettings
{
    private readonly IReadOnlyDictionary<string, string> _values;

    public ProviderSettings(string providerName, IReadOnlyDictionary<string, string> values)
    {
        ProviderName = providerName;
        _values = values;
    }

    public string ProviderName { get; }

    public IReadOnlyDictionary<string, string> Values => _values;

    public string? Get(string option) => _values.TryGetValue(option, out var v) && v.Length > 0 ? v : null;

    public string GetRequired(string option) =>
        Get(option) ?? throw new InvalidInputException($"Provider '{ProviderName}' needs {option}.");

    public bool GetFlag(string option) =>
        _values.TryGetValue(option, out var v) && (v.Length == 0 || bool.TryParse(v, out var b) && b);

    public int? GetInt(string option, int min, int max)
    {
        var text = Get(option);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            throw new InvalidInputException($"{option} '{text}' must be a whole number from {min} to {max}.");
        }

        return n;
    }

    /// <summary>A duration as seconds ("20") or with a unit ("20s", "2m", "1h").</summary>
    public TimeSpan? GetDuration(string option)
    {
        var text = Get(option);
        return text is null ? null : DurationParser.Parse(text, option);
    }
}
