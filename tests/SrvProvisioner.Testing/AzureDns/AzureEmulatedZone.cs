namespace SrvProvisioner.Testing.AzureDns;

/// <summary>One DNS zone resource with its record sets, keyed by type and relative name (case-insensitive, as in Azure).</summary>
public sealed class AzureEmulatedZone
{
    private readonly Dictionary<(string Type, string Name), AzureEmulatedRecordSet> _sets = [];

    internal AzureEmulatedZone(string subscription, string resourceGroup, string name, bool isPrivate)
    {
        Subscription = subscription;
        ResourceGroup = resourceGroup;
        Name = name;
        IsPrivate = isPrivate;
    }

    public string Subscription { get; }

    public string ResourceGroup { get; }

    public string Name { get; }

    public bool IsPrivate { get; }

    public string Id => $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Network/dnszones/{Name}";

    internal IReadOnlyList<AzureEmulatedRecordSet> Sets => [.. _sets.Values.OrderBy(s => s.RelativeName, StringComparer.Ordinal).ThenBy(s => s.Type, StringComparer.Ordinal)];

    internal AzureEmulatedRecordSet? Find(string type, string relativeName) =>
        _sets.GetValueOrDefault(Key(type, relativeName));

    internal bool HasOtherTypeAt(string type, string relativeName) =>
        _sets.Keys.Any(k => k.Name == relativeName.ToLowerInvariant() && k.Type != type.ToUpperInvariant());

    internal void Put(AzureEmulatedRecordSet set) => _sets[Key(set.Type, set.RelativeName)] = set;

    internal bool Remove(string type, string relativeName) => _sets.Remove(Key(type, relativeName));

    private static (string, string) Key(string type, string relativeName) => (type.ToUpperInvariant(), relativeName.ToLowerInvariant());
}
