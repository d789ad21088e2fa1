using SrvProvisioner.Cli;

// 'srvprov --version' alone is what scripts and installers run to check the tool: answer it
// before the command tree (and every provider's options) is built, with the text
// System.CommandLine's --version prints. Everything else goes through the full parser.
if (args is ["--version"])
{
    Console.Out.WriteLine(CliApp.VersionText);
    return ExitCodes.Ok;
}

return await CliApp.RunAsync(args, CliConsole.FromSystem(SrvProvisioner.Cli.Composition.ProviderCatalog.ProcessEnvironment));
