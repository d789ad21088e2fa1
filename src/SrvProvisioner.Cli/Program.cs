using SrvProvisioner.Cli;

return await CliApp.RunAsync(args, CliConsole.FromSystem());
