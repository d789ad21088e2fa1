namespace SrvProvisioner.Bench;

/// <summary>
/// Customer domains as a hosting operator has them: company-like names under a mix of
/// TLDs (country-code ones included, some under a second level like co.uk), in the
/// random order of a customer export. Deterministic for a given seed.
/// </summary>
internal static class DomainNames
{
    private static readonly string[] Stems =
    [
        "alpen", "nord", "blue", "green", "quick", "bright", "atlas", "cedar", "delta", "ember", "fjord", "granit",
        "harbor", "iris", "juniper", "kiwi", "lumen", "maple", "nimbus", "orbit", "pixel", "quartz", "river", "solar",
        "tundra", "umbra", "vektor", "willow", "xenon", "yonder", "zephyr", "acme", "bäcker", "müller", "kaffee", "studio",
    ];

    private static readonly string[] Suffixes =
    [
        "tech", "media", "works", "labs", "bau", "design", "consult", "logistik", "garten", "haus", "net", "soft",
        "partners", "group", "digital", "verlag", "reisen", "shop", "cloud", "systems", "", "",
    ];

    private static readonly (string Tld, int Weight)[] Tlds =
    [
        ("com", 30), ("de", 25), ("net", 8), ("org", 8), ("io", 5), ("co.uk", 6), ("nl", 5), ("fr", 4), ("ch", 3), ("at", 3), ("eu", 3),
    ];

    public static IReadOnlyList<string> Customers(int count, int seed)
    {
        var random = new Random(seed);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<string>(count);
        var totalWeight = Tlds.Sum(t => t.Weight);
        while (ordered.Count < count)
        {
            var stem = Ascii(Stems[random.Next(Stems.Length)]);
            var suffix = Suffixes[random.Next(Suffixes.Length)];
            var joiner = suffix.Length > 0 && random.Next(3) == 0 ? "-" : string.Empty;
            var number = random.Next(4) == 0 ? random.Next(1, 999).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
            var pick = random.Next(totalWeight);
            var tld = Tlds.First(t => (pick -= t.Weight) < 0).Tld;
            var name = $"{stem}{joiner}{suffix}{number}.{tld}";
            if (names.Add(name))
            {
                ordered.Add(name);
            }
        }

        return ordered;
    }

    /// <summary>Customer labels under an operator's own zone (acme.chat-host.net): lower-case LDH.</summary>
    public static IReadOnlyList<string> Labels(int count, int seed) =>
        [.. Customers(count, seed).Select(d => d.Replace('.', '-'))];

    private static string Ascii(string stem) => stem.Replace("ä", "ae", StringComparison.Ordinal).Replace("ü", "ue", StringComparison.Ordinal);
}
