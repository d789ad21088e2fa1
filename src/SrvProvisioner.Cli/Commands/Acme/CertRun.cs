using System.Diagnostics;
using System.Text;
using SrvProvisioner.Cli.Composition;
using SrvProvisioner.Cli.Rendering;
using SrvProvisioner.Core.Acme;
using SrvProvisioner.Core.Certificates;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.IO;

namespace SrvProvisioner.Cli.Commands.Acme;

/// <summary>
/// One <c>srvprov cert</c> run: a private work directory (0700) holding the client's state,
/// the hook's settings (0600) and the hook script; the client; the install; the deploy hook;
/// the checks. The work directory is removed at the end, whatever happened.
/// </summary>
internal sealed class CertRun(AcmeClientRequest request, ProviderChoice provider, TimeSpan propagationTimeout, CliConsole console)
{
    /// <summary>An order with a few challenges, each waiting for propagation, ends well within this.</summary>
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromMinutes(30);

    public string? DeployHook { get; init; }

    public string? CaFile { get; init; }

    public bool Prove { get; init; }

    public IReadOnlyList<string> ConnectTo { get; init; } = [];

    public TimeSpan ProveTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public async Task<int> RunAsync(DnsName serverName, string certPath, string keyPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        var work = Directory.CreateTempSubdirectory("srvprov-cert-").FullName;
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var script = WriteHook(work);
            var (chainPath, obtainedKeyPath) = await new AcmeClientRunner(work, ClientTimeout, console).RunAsync(request, script, CertCommand.Seconds(propagationTimeout), cancellationToken);
            var obtained = ObtainedCertificate.Load(chainPath, obtainedKeyPath, request.Names);
            await new CertificateInstaller(AtomicFileReplacer.Default).InstallAsync(obtained, certPath, keyPath, cancellationToken);
            await console.Error.WriteLineAsync($"srvprov: installed the certificate for {string.Join(", ", request.Names)} (valid until {obtained.NotAfter:yyyy-MM-dd}) at {certPath}, its key at {keyPath}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        if (DeployHook is not null)
        {
            await RunDeployHookAsync(DeployHook, certPath, keyPath, cancellationToken);
        }

        return await CheckAsync(serverName, certPath, cancellationToken);
    }

    private async Task<int> CheckAsync(DnsName serverName, string certPath, CancellationToken cancellationToken)
    {
        var ansi = new Ansi(console.UseColor);
        var offline = new CertificateFileCheck(CaFile).Verify(certPath, serverName.Value);
        await console.Out.WriteLineAsync(ansi.Bold($"Installed certificate {certPath}"));
        MigrationTextRenderer.WriteChecks(offline.Checks, console.Out, ansi);
        foreach (var finding in offline.Findings)
        {
            await console.Out.WriteLineAsync($"  {finding.Severity.ToString().ToLowerInvariant()}: {finding.Message}");
        }

        var failed = offline.HasFailures;
        if (Prove)
        {
            using var engine = new VerifyEngine(new VerifySettings(ProveTimeout) { ConnectTo = ConnectTo, CaFile = CaFile, DnsServer = request.DnsServer });
            var live = await engine.VerifyAsync(new MatrixServerName(serverName.Value, null, false), null, cancellationToken);
            await console.Out.WriteLineAsync();
            VerifyTextRenderer.Write(live, console.Out, ansi);
            failed |= live.HasFailures;
        }

        return failed ? ExitCodes.NeedsAttention : ExitCodes.Ok;
    }

    /// <summary>The hook's settings (provider options, possibly secrets) and a script that runs <c>srvprov acme-hook</c> with them.</summary>
    private string WriteHook(string work)
    {
        var settings = new StringBuilder("# written by srvprov cert for this run only\n");
        settings.Append("provider = ").Append(provider.Factory.Name).Append('\n');
        foreach (var (name, value) in provider.Settings.Values)
        {
            settings.Append(name).Append(" = ").Append(OneLine(name, value)).Append('\n');
        }

        if (request.DnsServer is not null)
        {
            settings.Append("--dns-server = ").Append(OneLine("--dns-server", request.DnsServer)).Append('\n');
        }

        settings.Append("--propagation-timeout = ").Append(CertCommand.Seconds(propagationTimeout)).Append('\n');
        var config = Path.Combine(work, "hook.conf");
        WritePrivate(config, settings.ToString(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var self = string.Join(' ', SelfCommand.Get().Select(SelfCommand.Quote));
        var script = Path.Combine(work, "hook.sh");
        WritePrivate(script, $"#!/bin/sh\nexec {self} acme-hook --hook-config {SelfCommand.Quote(config)} \"$@\"\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    private static string OneLine(string name, string value) =>
        value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal)
            ? throw new InvalidInputException($"{name} spans lines, which the hook's settings file cannot hold.")
            : value;

    private static void WritePrivate(string path, string text, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using var stream = new FileStream(path, options);
        var bytes = Encoding.UTF8.GetBytes(text);
        stream.Write(bytes);
    }

    private async Task RunDeployHookAsync(string command, string certPath, string keyPath, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        psi.Environment["SRVPROV_CERT_PATH"] = Path.GetFullPath(certPath);
        psi.Environment["SRVPROV_KEY_PATH"] = Path.GetFullPath(keyPath);
        using var process = Process.Start(psi) ?? throw new ProviderException("Cannot start /bin/sh for --deploy-hook.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = ((await stdout) + (await stderr)).Trim();
        if (output.Length > 0)
        {
            await console.Error.WriteLineAsync(output);
        }

        if (process.ExitCode != 0)
        {
            throw new ProviderException($"The certificate is installed, but --deploy-hook exited {process.ExitCode}: run it again by hand once fixed.");
        }

        await console.Error.WriteLineAsync("srvprov: --deploy-hook done.");
    }
}
