using System.Globalization;
using SrvProvisioner.Core.HomeserverConfig.Yaml;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig.Kinds;

/// <summary>A setting holds a Jinja template: its value is only known when Ansible renders it.</summary>
internal static class TemplatedFinding
{
    public static Finding For(ConfigFileText file, YamlEntry entry, string wanted) => new(
        Severity.Warning,
        ConfigFindingCodes.TemplatedValue,
        string.Create(CultureInfo.InvariantCulture, $"{file.Path}:{entry.Key.Start.Line}: {entry.DottedPath} is a Jinja template ({entry.ScalarValue!.Value}); srvprov never edits templates. Make sure it renders to {wanted}, or set it to {wanted} by hand."));
}
