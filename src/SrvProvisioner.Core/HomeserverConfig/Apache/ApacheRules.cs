using System.Text.Json.Nodes;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.HomeserverConfig.Editing;
using SrvProvisioner.Core.HomeserverConfig.Kinds;
using SrvProvisioner.Core.HomeserverConfig.Proxies;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.HomeserverConfig.Apache;

/// <summary>
/// Finds where an Apache configuration answers <c>/.well-known/matrix/server</c> for the server
/// name and plans the narrowest edit that stops only that file: an <c>Alias</c> or
/// <c>Redirect</c> of exactly that path, or a <c>&lt;LocationMatch&gt;</c> of exactly that path
/// whose <c>Redirect</c> or <c>SetHandler</c> answers it, is commented out (each line marked); where more is
/// served (an <c>Alias</c> of the directory, the <c>DocumentRoot</c>), a
/// <c>RedirectMatch 404 ^/\.well-known/matrix/server$</c> goes first in the virtual host:
/// mod_alias tries redirects before aliases, in order. Every edit is checked by analysing the
/// edited tree again: the server file must answer 404 and <c>/.well-known/matrix/client</c> as
/// before; otherwise only advice.
/// </summary>
internal static class ApacheRules
{
    public const string NotFoundRule = @"RedirectMatch 404 ^/\.well-known/matrix/server$";

    public static ProxyTreePlan Plan(ApacheTree tree, DnsName serverName, bool hasMainFile)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(serverName);
        var host = serverName.Value;
        var findings = new List<Finding>();
        var edits = new List<ProxyTextEdit>();
        var serving = new List<WellKnownServingLocation>();
        if (!hasMainFile)
        {
            findings.Add(new Finding(Severity.Warning, ConfigFindingCodes.ProxyNoMainFile, $"{tree.Root}: no apache2.conf or httpd.conf that includes it was found, so 'apachectl -t' is not run on it; give the main file (--config /etc/apache2/apache2.conf)."));
        }

        foreach (var (vhost, isDefault, key) in Select(tree, host))
        {
            PlanHost(tree, vhost, isDefault, key, host, edits, findings, serving);
        }

        return Build(tree, hasMainFile, edits, findings) with { Serving = serving };
    }

    /// <summary>
    /// The virtual hosts httpd picks for the host, per address set: the first whose ServerName or
    /// ServerAlias names it, else the first of that address set (its default). A configuration
    /// without virtual hosts is its main server.
    /// </summary>
    public static IReadOnlyList<(ApacheDirective Host, bool IsDefault, string Key)> Select(ApacheTree tree, string host)
    {
        var vhosts = Sections(tree.Directives, "VirtualHost").ToList();
        if (vhosts.Count == 0)
        {
            var main = new ApacheDirective("VirtualHost", ["(main server)"], tree.File(tree.Root), 1, 0, 0, tree.Directives);
            return [(main, true, "main server")];
        }

        var selected = new List<(ApacheDirective, bool, string)>();
        foreach (var group in vhosts.GroupBy(v => string.Join(' ', v.Args.Select(a => a.ToLowerInvariant()))))
        {
            var named = group.FirstOrDefault(v => Names(v).Any(n => NameMatches(n, host)));
            selected.Add(named is null ? (group.First(), true, group.Key) : (named, false, group.Key));
        }

        return selected;
    }

    private static IEnumerable<ApacheDirective> Sections(IReadOnlyList<ApacheDirective> directives, string name)
    {
        foreach (var directive in directives.Where(d => d.IsSection))
        {
            if (directive.Is(name))
            {
                yield return directive;
            }
            else if (directive.Is("IfModule") || directive.Is("IfDefine") || directive.Is("IfVersion") || directive.Is("IfFile") || directive.Is("IfDirective"))
            {
                foreach (var inner in Sections(directive.Children!, name))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The directives of a host with conditional module sections opened (httpd normally has the modules the site uses).</summary>
    private static List<ApacheDirective> Body(ApacheDirective section)
    {
        var body = new List<ApacheDirective>();
        foreach (var directive in section.Children ?? [])
        {
            if (directive.IsSection && (directive.Is("IfModule") || directive.Is("IfDefine") || directive.Is("IfVersion")))
            {
                body.AddRange(Body(directive));
            }
            else
            {
                body.Add(directive);
            }
        }

        return body;
    }

    private static IEnumerable<string> Names(ApacheDirective vhost) =>
        Body(vhost).Where(d => d.Is("ServerName") || d.Is("ServerAlias")).SelectMany(d => d.Is("ServerName") ? d.Args.Take(1) : d.Args).Select(NameOnly);

    private static string NameOnly(string name)
    {
        var text = name.ToLowerInvariant();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }

        var colon = text.LastIndexOf(':');
        return (colon > 0 && !text.EndsWith(']') ? text[..colon] : text).TrimEnd('.');
    }

    private static bool NameMatches(string pattern, string host) =>
        pattern.Contains('*', StringComparison.Ordinal) || pattern.Contains('?', StringComparison.Ordinal) ? Nginx.NginxGlob.ComponentMatches(pattern, host, wildcardMatchesDot: true) : pattern == host;

    private static void PlanHost(ApacheTree tree, ApacheDirective vhost, bool isDefault, string key, string host, List<ProxyTextEdit> edits, List<Finding> findings, List<WellKnownServingLocation> serving)
    {
        var on = vhost.Args is ["(main server)"] ? $"the main server of {tree.Root}" : $"<VirtualHost {key}> at {vhost.Where}{(isDefault ? " (the default for that address)" : string.Empty)}";
        var server = tree.Directives;
        var served = ApacheServingAnalyzer.Analyze(Body(vhost), server, ProxyWellKnown.ServerUri);
        switch (served.Kind)
        {
            case ProxyOutcome.Forwarded:
                findings.Add(new Finding(Severity.Info, ConfigFindingCodes.ProxyForwards, $"{served.Source!.Where}: {on} forwards {ProxyWellKnown.ServerUri} with {served.What}; the upstream decides whether it is served (give its config with --config, or check with --check-live)."));
                return;
            case ProxyOutcome.Unsure:
                findings.Add(new Finding(Severity.Warning, ConfigFindingCodes.ProxyUnsure, $"{served.Source?.Where ?? vhost.Where}: {on}: whether {ProxyWellKnown.ServerUri} is served depends on the request ({served.What}). Make {ProxyWellKnown.ServerUri} answer 404 for {host} by hand, e.g. with '{NotFoundRule}' first in that virtual host."));
                return;
            case not ProxyOutcome.Served:
                return;
        }

        // Apache serves the well-known from a file or a redirect, never from a body in its config.
        var where = served.Source?.Where ?? vhost.Where;
        if (!serving.Any(l => l.Where == where))
        {
            serving.Add(new WellKnownServingLocation("Apache", where, served.What));
        }

        var clientBefore = Client(vhost, server);
        var planned = PlanEdit(tree, vhost, served, host, out var problem);
        if (planned is null)
        {
            findings.Add(Manual(served, on, host, problem!));
            return;
        }

        var edited = Apply(tree, planned);
        var again = Same(edited, vhost);
        if (again is null || ApacheServingAnalyzer.Analyze(Body(again), edited.Directives, ProxyWellKnown.ServerUri).Kind != ProxyOutcome.NotFound || Client(again, edited.Directives) != clientBefore)
        {
            findings.Add(Manual(served, on, host, "the edit would not leave the rest of the site as it is"));
            return;
        }

        if (isDefault)
        {
            findings.Add(new Finding(Severity.Warning, ConfigFindingCodes.ProxyEditShared, $"{vhost.Where}: this virtual host answers {host} as the default of its address; the planned edit stops {ProxyWellKnown.ServerUri} for every host name without a virtual host of its own."));
        }

        findings.Add(new Finding(Severity.Info, ConfigFindingCodes.ProxyServesWellKnown, $"{served.Source!.Where}: {on} serves {ProxyWellKnown.ServerUri} with {served.What}; the planned edit stops it and keeps {ProxyWellKnown.ClientUri} and the rest of the site."));
        edits.AddRange(planned);
    }

    private static string Client(ApacheDirective vhost, IReadOnlyList<ApacheDirective> server)
    {
        var client = ApacheServingAnalyzer.Analyze(Body(vhost), server, ProxyWellKnown.ClientUri);
        return $"{client.Kind}: {client.What}";
    }

    private static ApacheTree Apply(ApacheTree tree, IReadOnlyList<ProxyTextEdit> edits) =>
        edits.GroupBy(e => e.Path).Aggregate(tree, (t, g) => t.WithFile(g.Key, tree.File(g.Key).Text.Encode(TextEdits.Apply(tree.File(g.Key).Text.Text, g.Select(e => e.Edit)))));

    /// <summary>The same virtual host in an edited tree (its file and line; edits are below its opening line).</summary>
    private static ApacheDirective? Same(ApacheTree edited, ApacheDirective vhost) =>
        vhost.Args is ["(main server)"]
            ? new ApacheDirective("VirtualHost", ["(main server)"], edited.File(edited.Root), 1, 0, 0, edited.Directives)
            : Sections(edited.Directives, "VirtualHost").FirstOrDefault(v => v.File.Path == vhost.File.Path && v.Line == vhost.Line);

    private static List<ProxyTextEdit>? PlanEdit(ApacheTree tree, ApacheDirective vhost, ApacheServing served, string host, out string? problem)
    {
        problem = null;
        var source = served.Source!;
        if (source.IsSection && (source.Is("Location") || source.Is("LocationMatch")))
        {
            return PlanLocation(tree, vhost, served, host, out problem);
        }

        var exact = (source.Is("Alias") && source.Args[0].TrimEnd('/') == ProxyWellKnown.ServerUri)
            || ((source.Is("Redirect") || source.Is("RedirectPermanent") || source.Is("RedirectTemp")) && source.Args.Any(a => a.TrimEnd('/') == ProxyWellKnown.ServerUri));
        if (exact)
        {
            var comment = CommentOut(tree, source, served, host, out problem);
            if (comment is null)
            {
                return null;
            }

            var edited = Apply(tree, [comment]);
            var again = Same(edited, vhost);
            if (again is not null && ApacheServingAnalyzer.Analyze(Body(again), edited.Directives, ProxyWellKnown.ServerUri).Kind == ProxyOutcome.NotFound)
            {
                return [comment];
            }

            var insert = Insert404(tree, vhost, out problem);
            return insert is null ? null : [insert, comment];
        }

        var added = Insert404(tree, vhost, out problem);
        return added is null ? null : [added];
    }

    /// <summary>
    /// A &lt;Location&gt; that answers the server file itself (Redirect, SetHandler). It is
    /// commented out whole only when it serves that file alone (a <c>&lt;LocationMatch
    /// ^/\.well-known/matrix/server$&gt;</c>): a plain <c>&lt;Location&gt;</c> is a prefix and
    /// also answers <c>/.well-known/matrix/server/…</c>, which must answer as before, and a
    /// <c>RedirectMatch 404</c> in the virtual host does not win over a location's
    /// <c>Redirect</c> (real httpd 2.4 still redirects): that is a finding, never a guess.
    /// </summary>
    private static List<ProxyTextEdit>? PlanLocation(ApacheTree tree, ApacheDirective vhost, ApacheServing served, string host, out string? problem)
    {
        var below = ProxyWellKnown.ServerUri + "/";
        var belowBefore = Describe(ApacheServingAnalyzer.Analyze(Body(vhost), tree.Directives, below));
        var comment = CommentOut(tree, served.Source!, served, host, out problem);
        if (comment is not null)
        {
            var edited = Apply(tree, [comment]);
            var again = Same(edited, vhost);
            if (again is not null
                && ApacheServingAnalyzer.Analyze(Body(again), edited.Directives, ProxyWellKnown.ServerUri).Kind == ProxyOutcome.NotFound
                && Describe(ApacheServingAnalyzer.Analyze(Body(again), edited.Directives, below)) == belowBefore)
            {
                return [comment];
            }
        }

        problem ??= $"{served.Source!.Text} also answers the paths below {ProxyWellKnown.ServerUri}/, which commenting it out would change, and a 404 rule in the virtual host does not win over what a location answers (checked with httpd 2.4); narrow it to <LocationMatch \"^/\\.well-known/matrix/server$\"> or remove it";
        return null;
    }

    private static string Describe(ApacheServing serving) => $"{serving.Kind}: {serving.What}";

    private static string? Editable(ApacheTree tree, ApacheSourceFile file) =>
        tree.TimesLoaded(file.Path) > 1 ? $"{file.Path} is included in more than one place, so an edit there would change other sites too" : null;

    private static ProxyTextEdit? CommentOut(ApacheTree tree, ApacheDirective directive, ApacheServing served, string host, out string? problem)
    {
        problem = Editable(tree, directive.File);
        if (problem is not null)
        {
            return null;
        }

        var file = directive.File;
        var text = file.Text.Text;
        var start = TextEdits.LineStart(text, directive.Start);
        var end = directive.End;
        var indent = text[start..directive.Start];
        var builder = new System.Text.StringBuilder();
        builder.Append(indent).Append("# ").Append(WhyComment.Text).Append(file.Text.NewLine);
        var position = start;
        while (position < end)
        {
            var lineEnd = TextEdits.LineEnd(text, position);
            builder.Append(ProxyWellKnown.OffMarker).Append(text, position, lineEnd - position);
            position = lineEnd;
        }

        if (!text[..end].EndsWith('\n'))
        {
            builder.Append(file.Text.NewLine);
        }

        var change = new ConfigChange($"{host} > {directive.Name} {directive.Args[0]}", ChangeAction.Delete, JsonValue.Create(served.What).ToJsonString(), null);
        return new ProxyTextEdit(file.Path, new TextEdit(start, end - start, builder.ToString()), change);
    }

    /// <summary><see cref="NotFoundRule"/> as the first line inside the virtual host (or first in the main file).</summary>
    private static ProxyTextEdit? Insert404(ApacheTree tree, ApacheDirective vhost, out string? problem)
    {
        var main = vhost.Args is ["(main server)"];
        var file = main ? tree.File(tree.Root) : vhost.File;
        problem = Editable(tree, file);
        if (problem is not null)
        {
            return null;
        }

        var text = file.Text.Text;
        int at;
        string indent;
        if (main)
        {
            at = 0;
            indent = string.Empty;
        }
        else
        {
            at = TextEdits.LineEnd(text, vhost.Start);
            var first = (vhost.Children ?? []).FirstOrDefault(c => ReferenceEquals(c.File, file));
            indent = first is null ? "    " : text[TextEdits.LineStart(text, first.Start)..first.Start];
            if (indent.Trim().Length > 0)
            {
                indent = "    ";
            }
        }

        var nl = file.Text.NewLine;
        var replacement = $"{indent}# {WhyComment.Text}{nl}{indent}{NotFoundRule}{nl}";
        var change = new ConfigChange($"{ProxyWellKnown.ServerUri} > RedirectMatch 404", ChangeAction.Create, null, JsonValue.Create(NotFoundRule).ToJsonString());
        return new ProxyTextEdit(file.Path, new TextEdit(at, 0, replacement), change);
    }

    private static Finding Manual(ApacheServing served, string on, string host, string why) =>
        new(Severity.Error, ConfigFindingCodes.ProxyManualChange, $"{served.Source?.Where}: {on} serves {ProxyWellKnown.ServerUri} with {served.What}; srvprov does not edit it because {why}. Make {ProxyWellKnown.ServerUri} answer 404 for {host} by hand (e.g. '{NotFoundRule}' first in that virtual host) and keep {ProxyWellKnown.ClientUri}.");

    private static ProxyTreePlan Build(ApacheTree tree, bool hasMainFile, List<ProxyTextEdit> edits, List<Finding> findings)
    {
        var files = new List<ProxyFileEdit>();
        foreach (var group in edits.GroupBy(e => e.Path))
        {
            var file = tree.File(group.Key);
            var distinct = group.DistinctBy(e => (e.Edit.Start, e.Edit.Length, e.Edit.Replacement)).ToList();
            var after = TextEdits.Apply(file.Text.Text, distinct.Select(e => e.Edit));
            files.Add(new ProxyFileEdit(file.Path, file.Bytes, file.Text.Encode(after), [.. distinct.Select(e => e.Change)], UnifiedDiff.Create(file.Path, file.Text.Text, after)));
        }

        return new ProxyTreePlan(new ConfigTree(tree.Root, tree.ServerRoot, tree.Sha256) { HasMainFile = hasMainFile }, files, findings);
    }
}
