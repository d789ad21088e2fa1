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

    /// <summary>
    /// The owner as the file spells it, made absolute (<c>*.example.com.</c>,
    /// <c>a\046b.example.com.</c>): what an edit writes when a line must state its owner.
    /// </summary>
    public required string OwnerText { get; init; }

    /// <summary>
    /// An entry srvprov never reads nor changes, kept byte for byte: an owner that is not a
    /// plain host name (wildcard, escaped characters) or a type the tool does not model.
    /// </summary>
    public bool IsOpaque => ReferenceEquals(Owner, MasterFileLayout.OpaqueOwner) || (!MasterFileLayout.ModelledTypes.Contains(Type) && !IsChallengeTxt);

    /// <summary>
    /// A TXT record at an <c>_acme-challenge</c> name (RFC 8555 §8.4), the only TXT records
    /// srvprov reads or writes; every other TXT record (SPF, DKIM, ...) stays opaque text.
    /// </summary>
    public bool IsChallengeTxt =>
        Type == "TXT"
        && !ReferenceEquals(Owner, MasterFileLayout.OpaqueOwner)
        && Owner.Labels.Count > 0
        && string.Equals(Owner.Labels[0], "_acme-challenge", StringComparison.OrdinalIgnoreCase);
}
