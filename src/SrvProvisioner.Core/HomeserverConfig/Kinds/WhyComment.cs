namespace SrvProvisioner.Core.HomeserverConfig.Kinds;

/// <summary>The comment left beside every edit, so that whoever reads the file later knows why.</summary>
internal static class WhyComment
{
    public const string Text = "srvprov: federation is delegated by DNS SRV records; a served /.well-known/matrix/server would take precedence over them.";
}
