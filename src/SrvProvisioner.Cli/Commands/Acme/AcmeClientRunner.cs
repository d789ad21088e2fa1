using System.Diagnostics;
using System.Globalization;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Cli.Composition;

namespace SrvProvisioner.Cli.Commands.Acme;

/// <summary>
/// Runs certbot or lego once, non-interactively, with the CA's terms accepted, every state
/// directory inside a private work directory, and a hook script that calls
/// <c>srvprov acme-hook</c> with the settings file beside it. Returns the paths of the full
/// chain and the key the client wrote.
/// </summary>
internal sealed class AcmeClientRunner(string workDirectory, TimeSpan timeout, CliConsole console)
{
    public static string Find(AcmeClientKind client)
    {
        var name = client == AcmeClientKind.Certbot ? "certbot" : "lego";
        foreach (var dir in (ProviderCatalog.ProcessEnvironment.Get("PATH") ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidInputException($"{name} is not on PATH: install it (apt-get install {name}) or choose the other client with --client.");
    }

    public async Task<(string ChainPath, string KeyPath)> RunAsync(AcmeClientRequest request, string hookScript, string propagationTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var program = Find(request.Client);
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };

        // A hook variable left in srvprov's own environment must not reach the client's hooks.
        foreach (var variable in psi.Environment.Keys.Where(k => k.StartsWith("CERTBOT_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(variable);
        }

        string chain;
        string key;
        if (request.Client == AcmeClientKind.Certbot)
        {
            // certbot checks that the hook's first word is an executable, before any shell
            // reads it, so the path goes unquoted; the work directory's name is plain.
            var hook = hookScript.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_')
                ? hookScript
                : throw new ProviderException($"The temporary directory {Path.GetDirectoryName(hookScript)} has characters a hook command line cannot carry; set TMPDIR to a plain path.");
            Add(psi, "certonly", "--non-interactive", "--agree-tos", "--manual", "--preferred-challenges", "dns",
                "--manual-auth-hook", hook, "--manual-cleanup-hook", hook,
                "--config-dir", Path.Combine(workDirectory, "config"), "--work-dir", Path.Combine(workDirectory, "work"), "--logs-dir", Path.Combine(workDirectory, "logs"),
                "--cert-name", "srvprov");
            Add(psi, request.Email is null ? ["--register-unsafely-without-email"] : ["--email", request.Email]);
            if (request.Server is not null)
            {
                Add(psi, "--server", request.Server);
            }

            foreach (var name in request.Names)
            {
                Add(psi, "-d", name);
            }

            chain = Path.Combine(workDirectory, "config", "live", "srvprov", "fullchain.pem");
            key = Path.Combine(workDirectory, "config", "live", "srvprov", "privkey.pem");
        }
        else
        {
            var email = request.Email ?? throw new InvalidInputException("lego needs an account e-mail: add --acme-email you@example.com.");
            Add(psi, "--accept-tos", "--email", email, "--path", Path.Combine(workDirectory, "lego"), "--dns", "exec", "--dns.disable-cp");
            if (request.Server is not null)
            {
                Add(psi, "--server", request.Server);
            }

            if (request.DnsServer is not null)
            {
                Add(psi, "--dns.resolvers", request.DnsServer);
            }

            foreach (var name in request.Names)
            {
                Add(psi, "-d", name);
            }

            Add(psi, "run");

            // present already waited for every authoritative server, so lego's own wait is cut
            // short (--dns.disable-cp); its hook timeout must cover present's wait.
            psi.Environment["EXEC_PATH"] = hookScript;
            psi.Environment["EXEC_POLLING_INTERVAL"] = "1";
            psi.Environment["EXEC_PROPAGATION_TIMEOUT"] = propagationTimeout;
            chain = Path.Combine(workDirectory, "lego", "certificates", request.Names[0] + ".crt");
            key = Path.Combine(workDirectory, "lego", "certificates", request.Names[0] + ".key");
        }

        await console.Error.WriteLineAsync($"srvprov: running {Path.GetFileName(program)} for {string.Join(", ", request.Names)}{(request.Server is null ? string.Empty : " at " + request.Server)}");
        using var process = Process.Start(psi) ?? throw new ProviderException($"Cannot start {program}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ProviderException(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(program)} did not finish within {timeout.TotalMinutes:0} minutes; no certificate was installed."));
        }

        var output = (await stdout) + "\n" + (await stderr);
        if (process.ExitCode != 0)
        {
            throw new ProviderException(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(program)} failed (exit {process.ExitCode}): {LastLine(output)}; no certificate was installed."));
        }

        return (chain, key);
    }

    private static void Add(ProcessStartInfo psi, params string[] args)
    {
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
    }

    /// <summary>The client's last meaningful line: what went wrong, in its own words.</summary>
    private static string LastLine(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("Saving debug log", StringComparison.Ordinal) && !l.StartsWith("Ask for help", StringComparison.Ordinal) && !l.StartsWith("- - -", StringComparison.Ordinal))
            .ToList();
        var last = lines.Count == 0 ? "(no output)" : string.Join(' ', lines.TakeLast(2));
        return last.Length <= 300 ? last : last[..297] + "...";
    }
}
