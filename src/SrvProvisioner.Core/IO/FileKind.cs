namespace SrvProvisioner.Core.IO;

/// <summary>The file types of <c>inode(7)</c>, as <see cref="FileStatus"/> reports them.</summary>
internal enum FileKind
{
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
    Other,
}
