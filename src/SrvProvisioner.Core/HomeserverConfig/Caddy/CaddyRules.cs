using System.Text;
using System.Text.Json.Nodes;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.HomeserverConfig.Editing;
using SrvProvisioner.Core.HomeserverConfig.Kinds;
using SrvProvisioner.Core.HomeserverConfig.Proxies;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.HomeserverConfig.Caddy;

/// <summary>
/// Finds where a Caddyfile answers <c>/.well-known/matrix/server</c> for the server name and
/// plans the narrowest edit that stops only that file: a directive or block whose matcher is
/// exactly that path is commented out (each line marked); where a block serves more (the
/// <c>/.well-known/matrix/</c> directory, the whole site), a site-level
/// <c>handle /.well-known/matrix/server { respond 404 }</c> goes before it: <c>handle</c> runs
/// before every responding directive and <c>route</c>, and Caddy picks the handle with the
/// longest path first. Every edit is checked by analysing the edited tree again: the server file
/// must answer 404 and <c>/.well-known/matrix/client</c> as before; otherwise only advice.
/// </summary>
internal static class CaddyRules
{
    public const string NotFoundHandle = "handle /.well-known/matrix/server { respond 404 }";

    public static ProxyTreePlan Plan(CaddyTree tree, DnsName serverName, bool hasMainFile)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(serverName);
        var host = serverName.Value;
        var findings = new List<Finding>();
        var edits = new List<ProxyTextEdit>();
        var serving = new List<WellKnownServingLocation>();
        if (!hasMainFile)
        {
            findings.Add(new Finding(Severity.Warning, ConfigFindingCodes.ProxyNoMainFile, $"{tree.Root}: no Caddyfile that imports it was found, so 'caddy validate' is not run on it; give the main file (--config /etc/caddy/Caddyfile)."));
        }

        foreach (var (site, address) in Select(tree, host, findings))
        {
            PlanSite(tree, site, address, host, edits, findings, serving);
        }

        return Build(tree, hasMainFile, edits, findings) with { Serving = serving };
    }

    /// <summary>The site blocks Caddy would pick for the host, per port: exact address, else a wildcard, else a catch-all.</summary>
    public static IReadOnlyList<(CaddySite Site, CaddyAddress Address)> Select(CaddyTree tree, string host, List<Finding> findings)
    {
        var candidates = new List<(CaddySite Site, CaddyAddress Address, int Score)>();
        foreach (var site in tree.Sites)
        {
            foreach (var key in site.Keys)
            {
                var address = CaddyAddress.Parse(key);
                if (address.HasVariable)
                {
                    findings.Add(Unsure(key.Where, $"site address {key.Value} uses a variable or placeholder; srvprov cannot tell whether it is {host}. Check that site by hand."));
                    continue;
                }

                var score = address.Covers(host);
                if (score > 0)
                {
                    if (address.Path.Length > 0)
                    {
                        findings.Add(Unsure(key.Where, $"site address {key.Value} is limited to a path; srvprov does not plan edits for such sites. Check it by hand."));
                        continue;
                    }

                    candidates.Add((site, address, score));
                }
            }
        }

        return [.. candidates.GroupBy(c => c.Address.Port)
            .SelectMany(g => g.Where(c => c.Score == g.Max(x => x.Score)))
            .DistinctBy(c => c.Site)
            .Select(c => (c.Site, c.Address))];
    }

    private static void PlanSite(CaddyTree tree, CaddySite site, CaddyAddress address, string host, List<ProxyTextEdit> edits, List<Finding> findings, List<WellKnownServingLocation> serving)
    {
        var on = $"site block {site.Where} ({site.Label}, port {address.Port})";
        var served = CaddyServingAnalyzer.Analyze(site, host, ProxyWellKnown.ServerUri);
        switch (served.Kind)
        {
            case ProxyOutcome.Forwarded:
                findings.Add(new Finding(Severity.Info, ConfigFindingCodes.ProxyForwards, $"{served.Source!.Where}: {on} forwards {ProxyWellKnown.ServerUri} with {served.What}; the upstream decides whether it is served (give its config with --config, or check with --check-live)."));
                return;
            case ProxyOutcome.Unsure:
                findings.Add(Unsure(served.Source?.Where ?? site.Where, $"{on}: whether {ProxyWellKnown.ServerUri} is served depends on the request ({served.What}). Make {ProxyWellKnown.ServerUri} answer 404 for {host} by hand, e.g. with '{NotFoundHandle}' in that site block."));
                return;
            case not ProxyOutcome.Served:
                return;
        }

        if (!serving.Any(l => l.Where == served.Source!.Where))
        {
            serving.Add(new WellKnownServingLocation("Caddy", served.Source!.Where, served.Source.Name) { Body = served.Body });
        }

        var clientBefore = Client(site, host);
        var planned = PlanEdit(tree, site, served, host, out var problem);
        if (planned is null)
        {
            findings.Add(Manual(served, on, host, problem!));
            return;
        }

        var after = Reanalyze(Apply(tree, planned), site, host);
        if (after is null || after.Value.Server.Kind != ProxyOutcome.NotFound || after.Value.Client != clientBefore)
        {
            findings.Add(Manual(served, on, host, "the edit would not leave the rest of the site as it is"));
            return;
        }

        var shared = site.Keys.Select(CaddyAddress.Parse).Where(a => a.Covers(host) != 3 && a.Host != "www." + host).Select(a => a.Host.Length == 0 ? "every host name on port " + a.Port : a.Host).Distinct().ToList();
        if (shared.Count > 0)
        {
            findings.Add(new Finding(Severity.Warning, ConfigFindingCodes.ProxyEditShared, $"{site.Where}: this site block also answers {string.Join(", ", shared)}; the planned edit stops {ProxyWellKnown.ServerUri} for those names too."));
        }

        findings.Add(new Finding(Severity.Info, ConfigFindingCodes.ProxyServesWellKnown, $"{served.Source!.Where}: {on} serves {ProxyWellKnown.ServerUri} with {served.What}; the planned edit stops it and keeps {ProxyWellKnown.ClientUri} and the rest of the site."));
        edits.AddRange(planned);
    }

    private static string Client(CaddySite site, string host)
    {
        var client = CaddyServingAnalyzer.Analyze(site, host, ProxyWellKnown.ClientUri);
        return $"{client.Kind}: {client.What}";
    }

    private static CaddyTree Apply(CaddyTree tree, IReadOnlyList<ProxyTextEdit> edits) =>
        edits.GroupBy(e => e.Path).Aggregate(tree, (t, g) => t.WithFile(g.Key, tree.File(g.Key).Text.Encode(TextEdits.Apply(tree.File(g.Key).Text.Text, g.Select(e => e.Edit)))));

    /// <summary>The same site (by its first key's file and offset) in an edited tree: the server file's answer and the client file's.</summary>
    private static (CaddyServing Server, string Client)? Reanalyze(CaddyTree edited, CaddySite original, string host)
    {
        var first = original.Keys[0];
        var site = edited.Sites.FirstOrDefault(s => s.Keys[0].File.Path == first.File.Path && s.Keys[0].Value == first.Value && s.Keys.Count == original.Keys.Count);
        return site is null ? null : (CaddyServingAnalyzer.Analyze(site, host, ProxyWellKnown.ServerUri), Client(site, host));
    }

    private static List<ProxyTextEdit>? PlanEdit(CaddyTree tree, CaddySite site, CaddyServing served, string host, out string? problem)
    {
        problem = null;
        var named = CaddyServingAnalyzer.NamedMatchers(site);
        var only = served.Chain.FirstOrDefault(d => CaddyMatcher.ExactPath(d, named) is { } exact && string.Equals(exact, ProxyWellKnown.ServerUri, StringComparison.OrdinalIgnoreCase));
        var top = served.Chain[0];
        if (only is not null)
        {
            var comment = CommentOut(tree, only, served, host, out problem);
            if (comment is null)
            {
                return null;
            }

            var edited = Apply(tree, [comment]);
            var after = Reanalyze(edited, site, host);
            if (after is { Server.Kind: ProxyOutcome.NotFound })
            {
                return [comment];
            }

            // Something else (or Caddy's empty 200) would answer once it is gone: a 404 where it stood.
            var insert = Insert404(tree, top, out problem);
            if (insert is null)
            {
                return null;
            }

            if (insert.Edit.Start != comment.Edit.Start)
            {
                return [insert, comment];
            }

            // One reason line above both: the 404 handle, then the commented-out lines.
            var file = tree.File(comment.Path);
            var why = file.Text.Text[comment.Edit.Start..only.First.Start] + "# " + WhyComment.Text + file.Text.NewLine;
            return [insert, comment with { Edit = comment.Edit with { Replacement = comment.Edit.Replacement[why.Length..] } }];
        }

        var added = Insert404(tree, top, out problem);
        return added is null ? null : [added];
    }

    /// <summary>Where an edit of the directive's tokens may be made: one file, loaded once, not a snippet used elsewhere or with arguments.</summary>
    private static string? Editable(CaddyTree tree, CaddyDirective directive)
    {
        // Only the lines from the directive's first token to its last are edited: what an
        // import inside it pulls in stays where it is written.
        var file = directive.First.File;
        if (!ReferenceEquals(directive.Last.File, file) || !ReferenceEquals(directive.Last.Via, directive.First.Via) || directive.Last.Snippet != directive.First.Snippet)
        {
            return $"{directive.Text} is spread over several files (an import closes it)";
        }

        var tokens = directive.AllTokens().Where(t => ReferenceEquals(t.Via, directive.First.Via)).ToList();

        if (tree.TimesLoaded(file.Path) > 1)
        {
            return $"{file.Path} is imported in more than one place, so an edit there would change other sites too";
        }

        if (directive.First.Snippet is { } snippet && tree.SnippetUses(snippet) > 1)
        {
            return $"snippet ({snippet}) is imported in more than one place, so an edit there would change other sites too";
        }

        if (directive.First.Snippet is not null && tokens.Any(t => t.Value != file.Text.Text[t.Start..t.End].Trim('"', '`')))
        {
            return $"snippet ({directive.First.Snippet}) takes arguments there";
        }

        return null;
    }

    private static ProxyTextEdit? CommentOut(CaddyTree tree, CaddyDirective directive, CaddyServing served, string host, out string? problem)
    {
        problem = Editable(tree, directive);
        if (problem is not null)
        {
            return null;
        }

        var file = directive.First.File;
        var text = file.Text.Text;
        var start = TextEdits.LineStart(text, directive.First.Start);
        var lastLineEnd = TextEdits.LineEnd(text, directive.Last.End - 1);
        var rest = text[directive.Last.End..lastLineEnd].TrimEnd('\n').TrimEnd('\r').Trim(' ', '\t');
        if (!TextEdits.IsBlank(text, start, directive.First.Start) || (rest.Length > 0 && !rest.StartsWith('#')))
        {
            problem = $"{directive.Text} shares its lines with other directives";
            return null;
        }

        var indent = text[start..directive.First.Start];
        var builder = new StringBuilder();
        builder.Append(indent).Append("# ").Append(WhyComment.Text).Append(file.Text.NewLine);
        var position = start;
        while (position < lastLineEnd)
        {
            var end = TextEdits.LineEnd(text, position);
            builder.Append(ProxyWellKnown.OffMarker).Append(text, position, end - position);
            position = end;
        }

        var setting = $"{host} > {directive.Name} {CaddyMatcher.Token(directive)?.Value}".TrimEnd();
        var change = new ConfigChange(setting, ChangeAction.Delete, JsonValue.Create(served.What).ToJsonString(), null);
        return new ProxyTextEdit(file.Path, new TextEdit(start, lastLineEnd - start, builder.ToString()), change);
    }

    /// <summary>A site-level <c>handle /.well-known/matrix/server { respond 404 }</c> on the lines before <paramref name="anchor"/>.</summary>
    private static ProxyTextEdit? Insert404(CaddyTree tree, CaddyDirective anchor, out string? problem)
    {
        problem = Editable(tree, anchor);
        if (problem is not null)
        {
            return null;
        }

        var file = anchor.First.File;
        var text = file.Text.Text;
        var at = TextEdits.LineStart(text, anchor.First.Start);
        if (!TextEdits.IsBlank(text, at, anchor.First.Start))
        {
            problem = $"{anchor.Text} shares its line with other directives";
            return null;
        }

        var indent = text[at..anchor.First.Start];
        var unit = indent.Contains('\t', StringComparison.Ordinal) || indent.Length == 0 ? "\t" : "    ";
        var nl = file.Text.NewLine;
        var replacement = $"{indent}# {WhyComment.Text}{nl}{indent}handle {ProxyWellKnown.ServerUri} {{{nl}{indent}{unit}respond 404{nl}{indent}}}{nl}";
        var change = new ConfigChange($"{ProxyWellKnown.ServerUri} > handle {ProxyWellKnown.ServerUri}", ChangeAction.Create, null, JsonValue.Create("respond 404").ToJsonString());
        return new ProxyTextEdit(file.Path, new TextEdit(at, 0, replacement), change);
    }

    private static Finding Unsure(string where, string message) =>
        new(Severity.Warning, ConfigFindingCodes.ProxyUnsure, $"{where}: {message}");

    private static Finding Manual(CaddyServing served, string on, string host, string why) =>
        new(Severity.Error, ConfigFindingCodes.ProxyManualChange, $"{served.Source?.Where}: {on} serves {ProxyWellKnown.ServerUri} with {served.What}; srvprov does not edit it because {why}. Make {ProxyWellKnown.ServerUri} answer 404 for {host} by hand (e.g. '{NotFoundHandle}' in that site block) and keep {ProxyWellKnown.ClientUri}.");

    private static ProxyTreePlan Build(CaddyTree tree, bool hasMainFile, List<ProxyTextEdit> edits, List<Finding> findings)
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
