using System.Net;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Providers.Route53.Api;

namespace SrvProvisioner.Providers.Route53;

/// <summary>
/// Turns what went wrong talking to Route 53 into one line that says what happened, in
/// AWS's own words where there are any, and what to do. Never includes secrets.
/// </summary>
internal static class Route53ErrorTranslator
{
    public static SrvProvisionerException Translate(Exception exception, Uri endpoint, int attempts) => exception switch
    {
        SrvProvisionerException known => known,
        Route53ApiException api => FromApi(api, attempts),
        TimeoutException t => new ProviderException($"Route 53 at {endpoint} did not answer in time ({t.Message.TrimEnd('.')}, {attempts} tries). Check the network or proxy, or --route53-endpoint.", t),
        HttpRequestException h => new ProviderException($"Could not reach Route 53 at {endpoint}: {h.Message} ({attempts} tries). Check the network or proxy, or --route53-endpoint / AWS_ENDPOINT_URL_ROUTE_53.", h),
        _ => new ProviderException($"Route 53 call failed: {exception.Message}", exception),
    };

    private static SrvProvisionerException FromApi(Route53ApiException api, int attempts)
    {
        var aws = $"Route 53 {api.Action}: {api.Code}: {api.AwsMessage.TrimEnd().TrimEnd('.')}";
        return api.Code switch
        {
            "InvalidClientTokenId" or "UnrecognizedClientException" =>
                new ProviderException($"{aws}. AWS does not know this access key ID: check AWS_ACCESS_KEY_ID or the profile's aws_access_key_id.", api),
            "SignatureDoesNotMatch" =>
                new ProviderException($"{aws}. The secret access key does not belong to the access key ID (or the clock is wrong): check AWS_SECRET_ACCESS_KEY or the profile's aws_secret_access_key.", api),
            "ExpiredToken" or "RequestExpired" or "InvalidSignatureException" =>
                new ProviderException($"{aws}. The credentials or the request time are no longer valid: refresh the credentials (e.g. aws sso login) and check the system clock.", api),
            "MissingAuthenticationToken" or "IncompleteSignature" =>
                new ProviderException($"{aws}. The request reached Route 53 unsigned or half signed; check that --route53-endpoint / AWS_ENDPOINT_URL_ROUTE_53 points at Route 53 and no proxy strips headers.", api),
            "AccessDenied" or "AccessDeniedException" =>
                new ProviderException($"{aws}. Allow route53:{api.Action} on this hosted zone in the IAM policy of these credentials (the README's Route 53 section lists the minimal policy).", api),
            "NoSuchHostedZone" =>
                new InvalidInputException($"{aws}. Check --route53-hosted-zone-id (aws route53 list-hosted-zones-by-name shows the IDs).", api),
            _ when Route53RetryClassifier.IsThrottle(api.Code) =>
                new ProviderException($"{aws} (still after {attempts} tries). Route 53 allows 5 requests per second per account: lower --route53-rate-limit or run fewer tools against this account at once, then try again.", api),
            _ when (int)api.StatusCode >= 500 =>
                new ProviderException($"{aws} (HTTP {(int)api.StatusCode}, still after {attempts} tries). Route 53 is having trouble; try again later.", api),
            _ when api.StatusCode == HttpStatusCode.Forbidden =>
                new ProviderException($"{aws}. Route 53 refused the credentials; check them and the IAM policy.", api),
            _ => new ProviderException($"{aws}.", api),
        };
    }
}
