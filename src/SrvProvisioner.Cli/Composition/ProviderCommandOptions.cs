using System.CommandLine;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Cli.Composition;

/// <summary>
/// <c>--provider</c> and every provider's own options, exactly as <c>plan</c> takes them, for
/// commands that only need a provider (<c>acme-hook</c>, <c>cert</c>). Values may also come
/// from a settings file; an option given on the command line wins.
/// </summary>
internal sealed class ProviderCommandOptions
{
    public Option<string> Provider { get; } = new("--provider")
    {
        Description = $"DNS provider: {string.Join(", ", ProviderCatalog.All.Select(f => f.Name))}. 'srvprov providers' lists their options.",
        HelpName = string.Join("|", ProviderCatalog.All.Select(f => f.Name)),
    };

    public IReadOnlyList<(IDnsProviderFactory Factory, ProviderOption Spec, Option Option)> ProviderOptions { get; } =
        [.. ProviderCatalog.All.SelectMany(f => f.Options.Select(o => (f, o, CreateOption(o))))];

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Provider);
        foreach (var (_, _, option) in ProviderOptions.DistinctBy(p => p.Option.Name))
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The provider and its settings: command line first, then <paramref name="file"/> (option
    /// name with dashes to value), then each option's environment fallback. Options of another
    /// provider are refused, wherever they were given.
    /// </summary>
    public ProviderChoice GetProvider(ParseResult parse, IReadOnlyDictionary<string, string> file, string fileName)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(file);
        var name = parse.GetResult(Provider) is { Implicit: false } ? parse.GetValue(Provider)! : file.GetValueOrDefault("--provider") ?? ProviderCatalog.DefaultProvider;
        var factory = ProviderCatalog.Find(name);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (other, spec, option) in ProviderOptions)
        {
            var given = parse.GetResult(option) is { Implicit: false };
            if (given && !factory.Options.Any(o => o.Name == spec.Name))
            {
                throw new InvalidInputException($"{spec.Name} belongs to provider '{other.Name}', not '{factory.Name}': add --provider {other.Name} or drop it.");
            }

            if (other != factory)
            {
                continue;
            }

            var value = option is Option<bool> flag
                ? (parse.GetValue(flag) ? "true" : null)
                : parse.GetValue((Option<string>)option);
            if (string.IsNullOrEmpty(value) && file.TryGetValue(spec.Name, out var fromFile))
            {
                value = fromFile;
            }

            values[spec.Name] = value ?? string.Empty;
        }

        foreach (var key in file.Keys.Where(k => ProviderOptions.Any(p => p.Spec.Name == k) && !factory.Options.Any(o => o.Name == k)))
        {
            throw new InvalidInputException($"{fileName} sets {key}, which belongs to another provider than '{factory.Name}'.");
        }

        return new ProviderChoice(factory, ProviderSettingsBuilder.Build(factory, values), ProviderSettingsBuilder.ToReference(factory, values));
    }

    /// <summary>Whether <paramref name="name"/> (with dashes) is <c>--provider</c> or any provider's option.</summary>
    public bool Knows(string name) => name == Provider.Name || ProviderOptions.Any(p => p.Spec.Name == name);

    private static Option CreateOption(ProviderOption spec) => spec.IsFlag
        ? new Option<bool>(spec.Name) { Description = spec.Description }
        : new Option<string>(spec.Name)
        {
            Description = spec.Description + (spec.EnvironmentVariable is null ? string.Empty : $" (env {spec.EnvironmentVariable})"),
            HelpName = spec.ValueName,
        };
}
