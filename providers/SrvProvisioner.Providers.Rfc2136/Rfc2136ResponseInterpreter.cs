using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using ArDns = ARSoft.Tools.Net.Dns;
using ArUpdate = ARSoft.Tools.Net.Dns.DynamicUpdate;

namespace SrvProvisioner.Providers.Rfc2136;

/// <summary>Turns an UPDATE response code (RFC 2136 §2.2, RFC 8945 §5) into one clear error.</summary>
internal static class Rfc2136ResponseInterpreter
{
    public static void ThrowIfFailed(ArUpdate.DnsUpdateMessage response, DnsName zone, string server, TsigKey? key)
    {
        var keyText = key is null ? "no TSIG key" : key.ToString();
        var tsigError = response.TSigOptions?.Error ?? ArDns.ReturnCode.NoError;
        switch (response.ReturnCode)
        {
            case ArDns.ReturnCode.NoError:
                return;
            case ArDns.ReturnCode.YXRRSet or ArDns.ReturnCode.NXRRSet or ArDns.ReturnCode.YXDomain or ArDns.ReturnCode.NxDomain:
                throw new StalePlanException($"The SRV records in zone {zone.Fqdn} changed since plan ({CodeName(response.ReturnCode)} from {server}); nothing was applied. Run plan again.");
            case ArDns.ReturnCode.NotAuthoritive when tsigError == ArDns.ReturnCode.BadKey:
                throw new ProviderException($"BADKEY: {server} does not know {keyText}; use the key configured for zone {zone.Value} (--rfc2136-key-file).");
            case ArDns.ReturnCode.NotAuthoritive when tsigError == ArDns.ReturnCode.BadSig:
                throw new ProviderException($"BADSIG: {server} rejected the signature of {keyText}: the secret or algorithm differs from the server's key.");
            case ArDns.ReturnCode.NotAuthoritive when tsigError == ArDns.ReturnCode.BadTime:
                throw new ProviderException($"BADTIME: {server} and this machine disagree on the time by more than 5 minutes; fix the clock.");
            case ArDns.ReturnCode.NotAuthoritive:
                throw new ProviderException($"NOTAUTH: {server} is not authoritative for zone {zone.Value} or did not accept {keyText}; use the zone's primary server and its update key.");
            case ArDns.ReturnCode.Refused:
                throw new ProviderException($"REFUSED: {server} does not allow updates to zone {zone.Value} with {keyText}; check allow-update / update-policy and --rfc2136-key-file.");
            case ArDns.ReturnCode.NotZone:
                throw new ProviderException($"NOTZONE: the records are outside zone {zone.Value} on {server}.");
            default:
                throw new ProviderException($"{server} answered {CodeName(response.ReturnCode)} to the update of zone {zone.Value}; nothing was applied.");
        }
    }

    /// <summary>A signed query's answer: the key's TSIG errors (RFC 8945 §5.2) named as apply names them.</summary>
    public static void ThrowIfKeyRejected(ArDns.DnsMessageBase response, string name, string server, TsigKey key)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.ReturnCode != ArDns.ReturnCode.NotAuthoritive)
        {
            return;
        }

        throw (response.TSigOptions?.Error ?? ArDns.ReturnCode.NoError) switch
        {
            ArDns.ReturnCode.BadKey => new ProviderException($"BADKEY: {server} does not know {key}; use the key configured for the zone of {name} (--rfc2136-key-file)."),
            ArDns.ReturnCode.BadSig => new ProviderException($"BADSIG: {server} rejected the signature of {key}: the secret or algorithm differs from the server's key (--rfc2136-key-file)."),
            ArDns.ReturnCode.BadTime => new ProviderException($"BADTIME: {server} and this machine disagree on the time by more than 5 minutes; fix the clock."),
            _ => new ProviderException($"NOTAUTH: {server} did not accept a query for {name} signed with {key}; use the zone's primary server and its update key."),
        };
    }

    public static string CodeName(ArDns.ReturnCode code) => code switch
    {
        ArDns.ReturnCode.ServerFailure => "SERVFAIL",
        ArDns.ReturnCode.Refused => "REFUSED",
        ArDns.ReturnCode.NotAuthoritive => "NOTAUTH",
        ArDns.ReturnCode.NxDomain => "NXDOMAIN",
        ArDns.ReturnCode.YXRRSet => "YXRRSET",
        ArDns.ReturnCode.NXRRSet => "NXRRSET",
        ArDns.ReturnCode.YXDomain => "YXDOMAIN",
        ArDns.ReturnCode.NotZone => "NOTZONE",
        ArDns.ReturnCode.FormatError => "FORMERR",
        ArDns.ReturnCode.NotImplemented => "NOTIMP",
        _ => code.ToString().ToUpperInvariant(),
    };
}
