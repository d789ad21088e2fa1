using SrvProvisioner.Core.HomeserverConfig.Editing;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>A text edit in one file of a proxy tree with the change it makes.</summary>
internal sealed record ProxyTextEdit(string Path, TextEdit Edit, ConfigChange Change);
