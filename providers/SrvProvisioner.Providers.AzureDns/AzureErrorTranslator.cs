using Azure;
using Azure.Identity;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Providers.AzureDns.Api;

namespace SrvProvisioner.Providers.AzureDns;

/// <summary>
/// Turns what went wrong talking to Azure into one line that says what happened, in ARM's own
/// words (error code and message), and what to do. Never includes the token.
/// </summary>
internal static class AzureErrorTranslator
{
    public const string CredentialHelp =
        "Set AZURE_ACCESS_TOKEN to a token for Azure Resource Manager, or sign in with 'az login', or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET (or AZURE_FEDERATED_TOKEN_FILE), or run with a managed identity.";

    public static SrvProvisionerException Translate(Exception exception, AzureDnsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(settings);
        var tries = settings.MaxRetries + 1;
        var where = settings.Endpoint.GetLeftPart(UriPartial.Authority);
        return exception switch
        {
            SrvProvisionerException known => known,
            ArmRequestException arm => FromArm(arm, settings),
            AuthenticationFailedException auth =>
                new InvalidInputException($"No Azure credentials for Azure DNS ({FirstLine(auth.Message)}). {CredentialHelp}", auth),
            RequestFailedException { Status: 0 } failed =>
                new ProviderException($"Could not reach Azure Resource Manager at {where}: {FirstLine(failed.Message)} ({tries} tries). Check the network or proxy, or --azure-endpoint.", failed),
            OperationCanceledException timeout =>
                new ProviderException($"Azure Resource Manager at {where} did not answer within {settings.RequestTimeout.TotalSeconds:0} s ({tries} tries). Check the network or proxy, or raise --azure-timeout.", timeout),
            InvalidOperationException refused when refused.Message.StartsWith("Refusing", StringComparison.Ordinal) =>
                new ProviderException(refused.Message, refused),
            _ => new ProviderException($"Azure DNS call failed: {FirstLine(exception.Message)}", exception),
        };
    }

    private static SrvProvisionerException FromArm(ArmRequestException arm, AzureDnsSettings settings)
    {
        var azure = $"Azure DNS {arm.Operation}: {arm.Status} {arm.Code}: {arm.ArmMessage.Trim().TrimEnd('.')}";
        var tries = arm.Retries + 1;
        return arm.Status switch
        {
            401 => new ProviderException(
                azure + (settings.StaticToken
                    ? ". The token in AZURE_ACCESS_TOKEN is wrong or expired: get a new one with 'az account get-access-token --resource https://management.azure.com/' (use the --azure-endpoint cloud's resource)."
                    : ". Azure did not accept the signed-in identity's token: sign in again ('az login') or check the service principal or managed identity."),
                arm),
            403 => new ProviderException(
                $"{azure}. Give this identity the 'DNS Zone Contributor' role on the zone (or a custom role with Microsoft.Network/dnszones/read and dnszones/SRV/read, write, delete; the README's Azure DNS section lists it).",
                arm),
            404 when arm.Code.Equals("SubscriptionNotFound", StringComparison.OrdinalIgnoreCase) || arm.Code.Equals("InvalidSubscriptionId", StringComparison.OrdinalIgnoreCase) =>
                new InvalidInputException($"{azure}. Check --azure-subscription / AZURE_SUBSCRIPTION_ID ('az account list' shows the subscriptions these credentials can use).", arm),
            404 when arm.Code.Equals("ResourceGroupNotFound", StringComparison.OrdinalIgnoreCase) =>
                new InvalidInputException($"{azure}. Check --azure-resource-group.", arm),
            404 => new InvalidInputException($"{azure}. The zone may have been deleted or moved since the plan: run plan again.", arm),
            400 when arm.Code.Contains("ApiVersion", StringComparison.OrdinalIgnoreCase) || arm.Code.Equals("NoRegisteredProviderFound", StringComparison.OrdinalIgnoreCase) =>
                new ProviderException($"{azure}. The endpoint does not serve Azure DNS api-version {ArmDnsClient.ApiVersion}: check --azure-endpoint.", arm),
            429 => new ProviderException(
                $"{azure} (still after {tries} tries, waiting as Azure asked). Lower --azure-max-writes-per-minute / --azure-max-reads-per-minute or run fewer tools against this subscription at once, then try again.",
                arm),
            409 when ArmResponseClassifier.IsAnotherOperationPending(arm.ArmMessage) =>
                new ProviderException($"{azure} (still after {tries} tries). Another change to this record set kept running; try again in a minute.", arm),
            >= 500 => new ProviderException($"{azure} (still after {tries} tries). Azure DNS is having trouble; try again later.", arm),
            _ => new ProviderException(azure + ".", arm),
        };
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
