using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Providers.ZoneFile.MasterFile;

/// <summary>
/// One resource record entry of a master file and where it stands: the lines it spans
/// (several when parentheses continue it, RFC 1035 §5.1), its resolved owner and type.
/// </summary>
internal sealed record MasterFileEntry(int FirstLine, int LastLine, DnsName Owner, string Type, bool HasExplicitOwner, DnsName Origin)
{
    /// <summary>Tokens after the owner, with their absolute character offsets in the file.</summary>
    public IReadOnlyList<MasterFileToken> Tokens { get; init; } = [];

    /// <summary>Index in <see cref="Tokens"/> of the type mnemonic; rdata follows it.</summary>
    public int TypeIndex { get; init; }

    /// <summary>
    /// The TTL the record really has: its own, else <c>$TTL</c> (RFC 2308 §4), else the last
    /// one stated (RFC 1035 §5.1); null only before any is known (then the SOA minimum).
    /// </summary>
    public uint? EffectiveTtl { get; init; }
}
