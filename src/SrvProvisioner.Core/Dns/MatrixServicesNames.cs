using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Dns;

/// <summary>
/// The names of <see cref="MatrixServices"/> as users write them: exactly <c>both</c>,
/// <c>fed</c> or <c>legacy</c>. <see cref="Enum.Parse{TEnum}(string, bool)"/> would also take
/// <c>"Both, Fed"</c> (a flags list) or <c>"2"</c>, silently meaning something else.
/// </summary>
public static class MatrixServicesNames
{
    public static MatrixServices Parse(string text, string what) => text?.Trim().ToLowerInvariant() switch
    {
        "both" => MatrixServices.Both,
        "fed" => MatrixServices.Fed,
        "legacy" => MatrixServices.Legacy,
        _ => throw new InvalidInputException($"{what} is both, fed or legacy (found '{text}')."),
    };
}
