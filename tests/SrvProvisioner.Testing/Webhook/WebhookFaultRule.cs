using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Webhook;

/// <summary>
/// When to inject a <see cref="WebhookFaultKind"/>: for requests matching <see cref="Method"/>
/// and <see cref="Path"/> ("/", "/records", "/adjustendpoints"; each null = any), on the
/// schedule of <see cref="FaultSchedule"/>.
/// </summary>
public sealed class WebhookFaultRule : FaultSchedule
{
    public WebhookFaultRule(WebhookFaultKind kind)
    {
        Kind = kind;
    }

    public WebhookFaultKind Kind { get; }

    public string? Method { get; init; }

    public string? Path { get; init; }

    /// <summary>How long a <see cref="WebhookFaultKind.Slow"/> answer is held.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(5);

    internal bool ShouldFire(string method, string path)
    {
        if ((Method is not null && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
            || (Path is not null && !string.Equals(Path, path, StringComparison.Ordinal)))
        {
            return false;
        }

        return NextMatchFires();
    }
}
