using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Providers.Route53;

/// <summary>
/// Finds credentials the way every AWS tool does, through AWSSDK.Core's default chain
/// (<c>DefaultAWSCredentialsIdentityResolver</c>: environment variables
/// <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>/<c>AWS_SESSION_TOKEN</c>, web identity
/// (<c>AWS_WEB_IDENTITY_TOKEN_FILE</c>), the profile named by <c>AWS_PROFILE</c> or "default" in
/// <c>~/.aws/credentials</c> and <c>~/.aws/config</c> (static keys, SSO, assume-role,
/// credential_process), then container and EC2 instance roles). An explicit
/// <c>--route53-profile</c> reads that profile from the same files.
/// </summary>
internal static class Route53Credentials
{
    public const string WhereToLook =
        "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE / --route53-profile naming a profile in ~/.aws/credentials or ~/.aws/config (aws configure, aws sso login), or run where an IAM role is available (EC2, ECS, EKS web identity).";

    public static AWSCredentials Resolve(string? profile, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (profile is not null || string.IsNullOrEmpty(environment("AWS_ACCESS_KEY_ID")))
        {
            AwsSharedFiles.Check(environment);
        }

        if (profile is not null)
        {
            if (TryProfile(profile) is { } fromProfile)
            {
                return Check(fromProfile, $"profile '{profile}'");
            }

            throw new InvalidInputException($"No AWS profile '{profile}' in ~/.aws/credentials or ~/.aws/config (AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE move them); create it with 'aws configure --profile {profile}'.");
        }

        try
        {
            return Check(DefaultAWSCredentialsIdentityResolver.GetCredentials(null), "the default credential chain");
        }
        catch (AmazonClientException ex)
        {
            throw new InvalidInputException("No AWS credentials found for Route 53. " + WhereToLook, ex);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or FormatException)
        {
            throw new InvalidInputException("Cannot read the AWS credential files (~/.aws/credentials, ~/.aws/config): malformed or unreadable. " + WhereToLook, ex);
        }
    }

    private static AWSCredentials? TryProfile(string profile)
    {
        try
        {
            return new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var found) ? found : null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or FormatException)
        {
            // The SDK's message quotes the file's line (which may hold a key): name the file only.
            throw new InvalidInputException($"Cannot read AWS profile '{profile}': ~/.aws/credentials or ~/.aws/config is malformed or unreadable. Fix it (aws configure --profile {profile}). " + WhereToLook, ex);
        }
    }

    /// <summary>Resolves the keys once now so that a broken profile fails before any request.</summary>
    private static AWSCredentials Check(AWSCredentials credentials, string source)
    {
        try
        {
            var immutable = credentials.GetCredentials();
            if (string.IsNullOrEmpty(immutable?.AccessKey) || string.IsNullOrEmpty(immutable.SecretKey))
            {
                throw new InvalidInputException($"The AWS credentials from {source} have no access key or secret. " + WhereToLook);
            }

            return credentials;
        }
        catch (AmazonClientException ex)
        {
            throw new InvalidInputException($"Could not get AWS credentials from {source}: {FirstLine(ex.Message)} " + WhereToLook, ex);
        }
        catch (AmazonServiceException ex)
        {
            throw new InvalidInputException($"Could not get AWS credentials from {source}: {FirstLine(ex.Message)} " + WhereToLook, ex);
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
