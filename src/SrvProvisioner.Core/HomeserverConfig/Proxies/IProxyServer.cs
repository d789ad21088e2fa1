namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>
/// One reverse proxy's own tools, as apply uses them: the checker that must accept the
/// configuration before and after an edit, and the reload that makes it live (run only with
/// <c>--reload</c>; otherwise its command is printed).
/// </summary>
internal interface IProxyServer
{
    /// <summary>The server's name in messages: <c>nginx</c>, <c>caddy</c>, <c>apache</c>.</summary>
    string Name { get; }

    /// <summary>The executable, or null when it is not installed here.</summary>
    string? Find(ProxyApplyOptions options);

    /// <summary>The checker's command line, for messages.</summary>
    string CheckCommand(string root);

    /// <summary>The command a user runs to make the edit live.</summary>
    string ReloadCommand(string root);

    Task<(bool Ok, string Output)> CheckAsync(string executable, string root, ProxyApplyOptions options, CancellationToken cancellationToken);

    Task<(bool Ok, string Output)> ReloadAsync(string executable, string root, ProxyApplyOptions options, CancellationToken cancellationToken);
}
