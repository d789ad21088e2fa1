using SrvProvisioner.Core.HomeserverConfig.Proxies;

namespace SrvProvisioner.Core.HomeserverConfig.Caddy;

/// <summary>
/// Caddy's own tools: <c>caddy validate --adapter caddyfile --config FILE</c> loads and
/// provisions the configuration without serving it; <c>caddy reload</c> posts it to the
/// running instance's admin endpoint (the address in the file's global options, or
/// localhost:2019), as Debian's caddy.service ExecReload does.
/// </summary>
internal sealed class CaddyCommands : IProxyServer
{
    public static CaddyCommands Instance { get; } = new();

    public string Name => "caddy";

    public string? Find(ProxyApplyOptions options) => ProxyToolRunner.Find(options.CaddyPath, "caddy");

    public string CheckCommand(string root) => $"caddy validate --adapter caddyfile --config {root}";

    public string ReloadCommand(string root) => $"caddy reload --adapter caddyfile --config {root}";

    public Task<(bool Ok, string Output)> CheckAsync(string executable, string root, ProxyApplyOptions options, CancellationToken cancellationToken) =>
        ProxyToolRunner.RunAsync(executable, ["validate", "--adapter", "caddyfile", "--config", root], options.ToolEnvironment, cancellationToken);

    public Task<(bool Ok, string Output)> ReloadAsync(string executable, string root, ProxyApplyOptions options, CancellationToken cancellationToken) =>
        ProxyToolRunner.RunAsync(executable, ["reload", "--adapter", "caddyfile", "--config", root], options.ToolEnvironment, cancellationToken);
}
