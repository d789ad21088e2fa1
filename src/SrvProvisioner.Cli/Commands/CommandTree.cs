using System.CommandLine;
using System.CommandLine.Help;

namespace SrvProvisioner.Cli.Commands;

/// <summary>The root command and its subcommands, one line each.</summary>
internal static class CommandTree
{
    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand("srvprov: plan, apply and verify Matrix federation delegation with DNS SRV records.");
        root.Options.Add(GlobalOptions.Verbose);
        root.Subcommands.Add(PlanCommand.Create(console));
        root.Subcommands.Add(ApplyCommand.Create(console));
        root.Subcommands.Add(UndoCommand.Create(console));
        root.Subcommands.Add(ProvidersCommand.Create(console));
        root.Subcommands.Add(VerifyCommand.Create(console));
        root.Subcommands.Add(Acme.AcmeHookCommand.Create(console));
        root.Subcommands.Add(Acme.CertCommand.Create(console));

        // --help is recursive from the root: one action serves every command's help.
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ProviderGroupedHelpAction((HelpAction)help.Action!);
        return root;
    }
}
