using Amazon.Runtime;

namespace SrvProvisioner.Providers.Route53;

/// <summary>What tests put in place of the credential chain and the network; kept out of the factory's own fields so that building the factory does not load the AWS SDK.</summary>
internal sealed record Route53TestOverrides(HttpMessageHandler? Transport, AWSCredentials? Credentials);
