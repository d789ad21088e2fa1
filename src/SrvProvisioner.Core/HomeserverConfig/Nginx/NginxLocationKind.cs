namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

internal enum NginxLocationKind
{
    Prefix,
    PrefixNoRegex,
    Exact,
    Regex,
    RegexCaseless,
    Named,
}
