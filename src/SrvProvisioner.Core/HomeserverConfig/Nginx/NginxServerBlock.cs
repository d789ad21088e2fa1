namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>A <c>server</c> block with its names (lower-cased, as nginx compares them) and listen sockets.</summary>
internal sealed record NginxServerBlock(NginxNode Node, IReadOnlyList<string> Names, IReadOnlyList<NginxListen> Listens)
{
    public string Label => Names.FirstOrDefault(n => n.Length > 0) ?? "(no server_name)";

    public static NginxServerBlock From(NginxNode server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var names = server.Named("server_name").SelectMany(d => d.Directive.Args.Select(a => a.Value.StartsWith('~') ? a.Value : a.Value.ToLowerInvariant())).ToList();
        var listens = server.Named("listen").Select(NginxListen.Parse).OfType<NginxListen>().ToList();
        if (!server.Named("listen").Any())
        {
            listens.Add(NginxListen.Implicit);
        }

        return new NginxServerBlock(server, names, listens);
    }
}
