using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Planning;

/// <summary>
/// One setting to change in a config file. <see cref="Setting"/> is the key's dotted path as
/// the file names it (<c>global.well_known.server</c>); <see cref="Before"/> and
/// <see cref="After"/> are JSON literals of the file's own type (<c>true</c>, <c>""</c>,
/// <c>"x:443"</c>) or null when the key is absent.
/// </summary>
public sealed record ConfigChange(string Setting, ChangeAction Action, string? Before, string? After);
