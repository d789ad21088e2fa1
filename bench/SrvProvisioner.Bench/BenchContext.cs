using SrvProvisioner.Testing.Route53;

namespace SrvProvisioner.Bench;

/// <summary>Where the repository is, the srvprov build under test, and the environment a user's shell would give it.</summary>
internal sealed class BenchContext
{
    private BenchContext(string repoRoot, string workDir, string srvprovDll)
    {
        RepoRoot = repoRoot;
        WorkDir = workDir;
        SrvprovDll = srvprovDll;
    }

    public string RepoRoot { get; }

    /// <summary>A temporary directory for fleet files, the trivial app and HOME; deleted at the end.</summary>
    public string WorkDir { get; }

    /// <summary>The published srvprov.dll (Release, as the tool package ships it).</summary>
    public string SrvprovDll { get; }

    public static async Task<BenchContext> CreateAsync(string? srvprovDir, bool publish)
    {
        var root = FindRepoRoot();
        var work = Directory.CreateTempSubdirectory("srvprov-bench-").FullName;
        string dll;
        if (srvprovDir is not null)
        {
            dll = Path.Combine(Path.GetFullPath(srvprovDir), "srvprov.dll");
        }
        else if (!publish)
        {
            dll = string.Empty;
        }
        else
        {
            var outDir = Path.Combine(work, "srvprov");
            Console.WriteLine($"# publishing srvprov (Release) to {outDir}");
            await ChildProcess.RunCheckedAsync("dotnet", ["publish", Path.Combine(root, "src", "SrvProvisioner.Cli", "SrvProvisioner.Cli.csproj"), "-c", "Release", "-o", outDir, "--nologo", "-v", "q"], null, TimeSpan.FromMinutes(10));
            dll = Path.Combine(outDir, "srvprov.dll");
        }

        if (publish && !File.Exists(dll))
        {
            throw new FileNotFoundException($"no srvprov.dll at {dll}");
        }

        return new BenchContext(root, work, dll);
    }

    /// <summary>Keys in variables pointing at the emulator and nothing else from this machine's AWS setup.</summary>
    public Dictionary<string, string?> Route53Environment(Route53Emulator emulator) => new()
    {
        ["HOME"] = WorkDir,
        ["AWS_CONFIG_FILE"] = Path.Combine(WorkDir, "no-config"),
        ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(WorkDir, "no-credentials"),
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_PROFILE"] = null,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_ENDPOINT_URL"] = null,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = Route53Emulator.DefaultAccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = Route53Emulator.DefaultSecretAccessKey,
        ["AWS_ENDPOINT_URL_ROUTE_53"] = emulator.Endpoint.AbsoluteUri,
    };

    public void Cleanup()
    {
        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SrvProvisioner.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Run the bench from inside the SrvProvisioner repository.");
    }
}
