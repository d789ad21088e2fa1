using SrvProvisioner.Core.HomeserverConfig.Proxies;

namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>
/// nginx's own tools: <c>nginx -t -c MAIN</c> checks a configuration as the server would load
/// it; <c>nginx -c MAIN -s reload</c> signals the master process named by that configuration's
/// pid file.
/// </summary>
internal sealed class NginxCommands : IProxyServer
{
    public static NginxCommands Instance { get; } = new();

    public string Name => "nginx";

    public string? Find(ProxyApplyOptions options) => ProxyToolRunner.Find(options.NginxPath, "nginx");

    public string CheckCommand(string root) => $"nginx -t -c {root}";

    public string ReloadCommand(string root) =>
        root == "/etc/nginx/nginx.conf" ? "nginx -s reload" : $"nginx -c {root} -s reload";

    public Task<(bool Ok, string Output)> CheckAsync(string executable, string root, ProxyApplyOptions options, CancellationToken cancellationToken) =>
        ProxyToolRunner.RunAsync(executable, ["-t", "-q", "-c", root], options.ToolEnvironment, cancellationToken);

    public Task<(bool Ok, string Output)> ReloadAsync(string executable, string root, ProxyApplyOptions options, CancellationToken cancellationToken) =>
        ProxyToolRunner.RunAsync(executable, ["-c", root, "-s", "reload"], options.ToolEnvironment, cancellationToken);
}
