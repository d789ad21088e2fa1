using SrvProvisioner.Core.HomeserverConfig.Editing;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>A text edit in one file of the tree with the change it makes.</summary>
internal sealed record NginxEdit(string Path, TextEdit Edit, ConfigChange Change);
