namespace SrvProvisioner.Cli.Rendering;

internal enum OutputFormat
{
    Text,
    Json,
}
