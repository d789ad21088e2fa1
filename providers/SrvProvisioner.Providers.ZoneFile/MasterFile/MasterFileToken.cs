namespace SrvProvisioner.Providers.ZoneFile.MasterFile;

/// <summary>A token of a master-file entry and its position in the file text.</summary>
internal sealed record MasterFileToken(string Text, int Offset);
