using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.HomeserverConfig.Editing;
using SrvProvisioner.Core.HomeserverConfig.Kinds;
using SrvProvisioner.Core.HomeserverConfig.Proxies;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>
/// Finds where an nginx tree answers <c>/.well-known/matrix/server</c> for the server name and
/// plans the narrowest edit that stops only that file: a location that serves the server file
/// alone is commented out (each line marked); a location that serves the whole
/// <c>/.well-known/matrix/</c> directory gets an exact <c>location = /.well-known/matrix/server
/// { return 404; }</c> beside it, which nginx picks before any prefix or regex location. Every
/// planned edit is checked by analysing the edited tree again: the server file must no longer be
/// served and <c>/.well-known/matrix/client</c> must be answered as before; otherwise no edit,
/// only advice.
/// </summary>
internal static class NginxRules
{
    public const string NotFoundLocation = "location = /.well-known/matrix/server { return 404; }";

    public static ProxyTreePlan Plan(NginxTree tree, DnsName serverName, bool hasMainFile)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(serverName);
        var host = serverName.Value;
        var findings = new List<Finding>();
        var edits = new List<NginxEdit>();
        var serving = new List<WellKnownServingLocation>();
        if (!hasMainFile)
        {
            findings.Add(new Finding(Severity.Warning, ConfigFindingCodes.ProxyNoMainFile, $"{tree.Root}: no nginx.conf that includes it was found, so the default server of each port and 'nginx -t' are not checked; give the main file (--config /etc/nginx/nginx.conf) or --nginx-prefix."));
        }

        var seen = new HashSet<NginxNode>(ReferenceEqualityComparer.Instance);
        foreach (var http in HttpBlocks(tree))
        {
            var servers = http.Named("server").Where(s => s.Children is not null).Select(NginxServerBlock.From).ToList();
            foreach (var selection in NginxServerSelector.Select(servers, host))
            {
                if (!seen.Add(selection.Server.Node))
                {
                    continue;
                }

                PlanServer(tree, http, selection, host, edits, findings, serving);
            }
        }

        return Build(tree, hasMainFile, edits, findings) with { Serving = serving };
    }

    /// <summary>The <c>http</c> blocks; a file of server blocks without one (a site file on its own) is read as an http body.</summary>
    public static IReadOnlyList<NginxNode> HttpBlocks(NginxTree tree)
    {
        var http = tree.Nodes.Where(n => n.Name == "http" && n.Children is not null).ToList();
        if (http.Count > 0 || !tree.Nodes.Any(n => n.Name == "server"))
        {
            return http;
        }

        var root = tree.File(tree.Root);
        return [new NginxNode(new NginxDirective("http", [], 0, 0, 1, []), root, tree.Nodes)];
    }

    private static void PlanServer(NginxTree tree, NginxNode http, NginxSelection selection, string host, List<NginxEdit> edits, List<Finding> findings, List<WellKnownServingLocation> serving)
    {
        var server = selection.Server;
        var on = $"server block {server.Node.Where} ({selection.Reason}, on {selection.ListenKey})";
        if (selection.Unsure is not null)
        {
            findings.Add(Unsure(server.Node.Where, $"cannot tell which server block answers {host} on {selection.ListenKey}: {selection.Unsure}"));
            return;
        }

        var served = NginxServingAnalyzer.Analyze(http, server.Node, ProxyWellKnown.ServerUri);
        switch (served.Kind)
        {
            case NginxServingKind.NotServed:
                return;
            case NginxServingKind.Forwarded:
                findings.Add(new Finding(Severity.Info, ConfigFindingCodes.ProxyForwards, $"{served.Source?.Where ?? server.Node.Where}: {on} forwards {ProxyWellKnown.ServerUri} with {served.What}; the upstream decides whether it is served (give its config with --config, or check with --check-live)."));
                return;
            case NginxServingKind.Unsure:
                findings.Add(Unsure(served.Source?.Where ?? server.Node.Where, $"{on}: whether {ProxyWellKnown.ServerUri} is served depends on the request ({served.What}). Make {ProxyWellKnown.ServerUri} answer 404 for {host} by hand, e.g. with '{NotFoundLocation}' in that server block."));
                return;
        }

        var location = ServingLocation(served, server);
        if (!serving.Contains(location))
        {
            serving.Add(location);
        }

        var before = Answers(http, server.Node);
        var planned = PlanEdit(tree, server, served, host, out var problem);
        if (planned is null)
        {
            findings.Add(Manual(served, on, host, problem!));
            return;
        }

        // The edit must do what it says on the edited tree itself: no server file, the rest as before.
        var edited = planned.GroupBy(e => e.Path).Aggregate(tree, (t, g) => t.WithFile(g.Key, tree.File(g.Key).Text.Encode(TextEdits.Apply(tree.File(g.Key).Text.Text, g.Select(e => e.Edit)))));
        var again = Reanalyze(edited, server, host);
        if (again is null || again.Value.Server.Kind == NginxServingKind.Served || again.Value.Client != before.Client)
        {
            findings.Add(Manual(served, on, host, "the edit would not leave the rest of the site as it is"));
            return;
        }

        var shared = server.Names.Where(n => n != host && n != "www." + host && n != "_" && n.Length > 0).ToList();
        if (selection.IsDefault || shared.Count > 0)
        {
            var who = selection.IsDefault ? "every host name without a server block of its own" : string.Join(", ", shared);
            findings.Add(new Finding(Severity.Warning, ConfigFindingCodes.ProxyEditShared, $"{server.Node.Where}: this server block also answers {who}; the planned edit stops {ProxyWellKnown.ServerUri} for those names too."));
        }

        findings.Add(new Finding(Severity.Info, ConfigFindingCodes.ProxyServesWellKnown, $"{served.Source?.Where ?? server.Node.Where}: {on} serves {ProxyWellKnown.ServerUri} with {served.What}; the planned edit stops it and keeps {ProxyWellKnown.ClientUri} and the rest of the site."));
        edits.AddRange(planned);
    }

    /// <summary>The location (else the deciding directive) and, for <c>return 2xx text</c> without variables, the literal body nginx sends.</summary>
    private static WellKnownServingLocation ServingLocation(NginxServing served, NginxServerBlock server)
    {
        var location = served.Match?.Location;
        var where = location?.Node.Where ?? served.Source?.Where ?? server.Node.Where;
        var label = location is not null ? $"location {location.Text}" : served.What;
        string? body = null;
        if (served.Source is { Name: "return" } source && NginxServingAnalyzer.ReturnCode(source) is >= 200 and < 300)
        {
            var text = source.Directive.Args.ElementAtOrDefault(1);
            body = text is null ? string.Empty : text.HasVariable ? null : text.Value;
        }

        return new WellKnownServingLocation("nginx", where, label) { Body = body };
    }

    private static (NginxServing Server, string Client)? Reanalyze(NginxTree edited, NginxServerBlock original, string host)
    {
        foreach (var http in HttpBlocks(edited))
        {
            var server = http.Named("server").FirstOrDefault(s => s.File.Path == original.Node.File.Path && s.Directive.Line == original.Node.Directive.Line);
            if (server is not null)
            {
                var answers = Answers(http, server);
                return (answers.Server, answers.Client);
            }
        }

        return null;
    }

    private static (NginxServing Server, string Client) Answers(NginxNode http, NginxNode server)
    {
        var client = NginxServingAnalyzer.Analyze(http, server, ProxyWellKnown.ClientUri);
        return (NginxServingAnalyzer.Analyze(http, server, ProxyWellKnown.ServerUri), $"{client.Kind}: {client.What}");
    }

    private static List<NginxEdit>? PlanEdit(NginxTree tree, NginxServerBlock server, NginxServing served, string host, out string? problem)
    {
        problem = null;
        var location = served.Match?.Location;
        if (served.Source is { Name: "return" } && server.Node.Children!.Contains(served.Source))
        {
            problem = "the server block answers every request itself";
            return null;
        }

        if (location is not null && IncludeCount(tree, location.Node.File) > 1)
        {
            problem = $"{location.Node.File.Path} is included in more than one place, so an edit there would change other sites too";
            return null;
        }

        var client = NginxServingAnalyzer.Analyze(HttpOf(tree, server.Node), server.Node, ProxyWellKnown.ClientUri).Match?.Location;
        var onlyServerFile = location is not null && (client is null || !ReferenceEquals(client.Node, location.Node));
        var setting = $"server {server.Label} > location {ProxyWellKnown.ServerUri}";
        if (onlyServerFile)
        {
            var comment = CommentOut(location!, served, host, out problem);
            if (comment is null)
            {
                return null;
            }

            var commented = new List<NginxEdit> { comment };
            var file = location!.Node.File;
            var edited = tree.WithFile(file.Path, file.Text.Encode(TextEdits.Apply(file.Text.Text, [comment.Edit])));
            var after = Reanalyze(edited, server, host);
            if (after is null || after.Value.Server.Kind != NginxServingKind.Served)
            {
                return commented;
            }

            // Something else would answer once it is gone: answer 404 where the commented block stood.
            var insert = Insert404(server, served, setting, out problem);
            if (insert is null)
            {
                return null;
            }

            // One reason line above both: the 404 location, then the commented-out block.
            var why = file.Text.Text[comment.Edit.Start..location!.Node.Directive.Start] + "# " + WhyComment.Text + file.Text.NewLine;
            return [insert, comment with { Edit = comment.Edit with { Replacement = comment.Edit.Replacement[why.Length..] } }];
        }

        var added = Insert404(server, served, setting, out problem);
        if (added is not null && IncludeCount(tree, tree.File(added.Path)) > 1)
        {
            problem = $"{added.Path} is included in more than one place, so an edit there would change other sites too";
            return null;
        }

        return added is null ? null : [added];
    }

    private static NginxNode HttpOf(NginxTree tree, NginxNode server) =>
        HttpBlocks(tree).First(h => h.Named("server").Contains(server));

    /// <summary>Every line of the location block prefixed with the marker, after a line that says why.</summary>
    private static NginxEdit? CommentOut(NginxLocation location, NginxServing served, string host, out string? problem)
    {
        problem = null;
        var file = location.Node.File;
        var text = file.Text.Text;
        var directive = location.Node.Directive;
        var start = TextEdits.LineStart(text, directive.Start);
        var lastLineEnd = TextEdits.LineEnd(text, directive.End - 1);
        var rest = text[directive.End..lastLineEnd].TrimEnd('\n').TrimEnd('\r').Trim(' ', '\t');
        if (!TextEdits.IsBlank(text, start, directive.Start) || (rest.Length > 0 && !rest.StartsWith('#')))
        {
            problem = $"location {location.Text} shares its lines with other directives";
            return null;
        }

        var indent = text[start..directive.Start];
        var builder = new System.Text.StringBuilder();
        builder.Append(indent).Append("# ").Append(WhyComment.Text).Append(file.Text.NewLine);
        var position = start;
        while (position < lastLineEnd)
        {
            var end = TextEdits.LineEnd(text, position);
            builder.Append(ProxyWellKnown.OffMarker).Append(text, position, end - position);
            position = end;
        }

        var change = new ConfigChange($"server {host} > location {location.Text}", ChangeAction.Delete, System.Text.Json.Nodes.JsonValue.Create(served.What).ToJsonString(), null);
        return new NginxEdit(file.Path, new TextEdit(start, lastLineEnd - start, builder.ToString()), change);
    }

    /// <summary>An exact 404 location before the server's first top-level location (or before its closing brace).</summary>
    private static NginxEdit? Insert404(NginxServerBlock server, NginxServing served, string setting, out string? problem)
    {
        problem = null;
        var match = served.Match;
        var anchor = match?.Chain.FirstOrDefault() ?? match?.Location ?? NginxLocationMatcher.Locations(server.Node).FirstOrDefault();
        NginxSourceFile file;
        int at;
        string indent;
        if (anchor is not null && server.Node.Children!.Contains(anchor.Node))
        {
            file = anchor.Node.File;
            var text = file.Text.Text;
            at = TextEdits.LineStart(text, anchor.Node.Directive.Start);
            if (!TextEdits.IsBlank(text, at, anchor.Node.Directive.Start))
            {
                problem = $"location {anchor.Text} shares its line with other directives";
                return null;
            }

            indent = text[at..anchor.Node.Directive.Start];
        }
        else
        {
            file = server.Node.File;
            var text = file.Text.Text;
            var close = server.Node.Directive.End - 1;
            at = TextEdits.LineStart(text, close);
            if (!TextEdits.IsBlank(text, at, close))
            {
                problem = "the server block's closing brace shares its line with other directives";
                return null;
            }

            var serverStart = TextEdits.LineStart(text, server.Node.Directive.Start);
            indent = text[serverStart..server.Node.Directive.Start] + "    ";
        }

        var newline = file.Text.NewLine;
        var replacement = $"{indent}# {WhyComment.Text}{newline}{indent}{NotFoundLocation}{newline}";
        var change = new ConfigChange(setting, ChangeAction.Create, null, System.Text.Json.Nodes.JsonValue.Create("return 404").ToJsonString());
        return new NginxEdit(file.Path, new TextEdit(at, 0, replacement), change);
    }

    private static int IncludeCount(NginxTree tree, NginxSourceFile file) => tree.TimesLoaded(file.Path);

    private static Finding Unsure(string where, string message) =>
        new(Severity.Warning, ConfigFindingCodes.ProxyUnsure, $"{where}: {message}");

    private static Finding Manual(NginxServing served, string on, string host, string why) =>
        new(Severity.Error, ConfigFindingCodes.ProxyManualChange, $"{served.Source?.Where}: {on} serves {ProxyWellKnown.ServerUri} with {served.What}; srvprov does not edit it because {why}. Make {ProxyWellKnown.ServerUri} answer 404 for {host} by hand (e.g. '{NotFoundLocation}' in that server block) and keep {ProxyWellKnown.ClientUri}.");

    private static ProxyTreePlan Build(NginxTree tree, bool hasMainFile, List<NginxEdit> edits, List<Finding> findings)
    {
        var files = new List<ProxyFileEdit>();
        foreach (var group in edits.GroupBy(e => e.Path))
        {
            var file = tree.File(group.Key);
            var distinct = group.DistinctBy(e => (e.Edit.Start, e.Edit.Length, e.Edit.Replacement)).ToList();
            var after = TextEdits.Apply(file.Text.Text, distinct.Select(e => e.Edit));
            files.Add(new ProxyFileEdit(file.Path, file.Bytes, file.Text.Encode(after), [.. distinct.Select(e => e.Change)], UnifiedDiff.Create(file.Path, file.Text.Text, after)));
        }

        return new ProxyTreePlan(new ConfigTree(tree.Root, tree.ConfDirectory, tree.Sha256) { HasMainFile = hasMainFile }, files, findings);
    }
}
