using SrvProvisioner.Testing.Net;
using SrvProvisioner.Testing.Route53;

namespace SrvProvisioner.Bench;

/// <summary>Where the repository is, the srvprov build under test, and the environment a user's shell would give it.</summary>
internal sealed class BenchContext
{
    private BenchContext(string repoRoot, string workDir, string srvprovDll, string srvprovNative)
    {
        RepoRoot = repoRoot;
        WorkDir = workDir;
        SrvprovDll = srvprovDll;
        SrvprovNative = srvprovNative;
    }

    public string RepoRoot { get; }

    /// <summary>A temporary directory for fleet files, the trivial app and HOME; deleted at the end.</summary>
    public string WorkDir { get; }

    /// <summary>The published srvprov.dll (Release, framework-dependent: what `dotnet run` and the `any` tool package run).</summary>
    public string SrvprovDll { get; }

    /// <summary>The Native AOT srvprov for this machine's RID (what the RID-specific tool package ships).</summary>
    public string SrvprovNative { get; }

    /// <summary>The command line that runs srvprov with <paramref name="args"/>: the native executable, or `dotnet srvprov.dll`.</summary>
    public (string FileName, string[] Args) Srvprov(bool native, params string[] args) =>
        native ? (SrvprovNative, args) : ("dotnet", [SrvprovDll, .. args]);

    public static async Task<BenchContext> CreateAsync(string? srvprovDir, bool publish)
    {
        var root = FindRepoRoot();
        var work = Directory.CreateTempSubdirectory("srvprov-bench-").FullName;
        string dll;
        string native;
        if (srvprovDir is not null)
        {
            dll = Path.Combine(Path.GetFullPath(srvprovDir), "srvprov.dll");
            native = Path.Combine(Path.GetFullPath(srvprovDir), "srvprov");
        }
        else if (!publish)
        {
            dll = string.Empty;
            native = string.Empty;
        }
        else
        {
            var project = Path.Combine(root, "src", "SrvProvisioner.Cli", "SrvProvisioner.Cli.csproj");
            var ilDir = Path.Combine(work, "srvprov");
            Console.WriteLine($"# publishing srvprov (Release, framework-dependent IL) to {ilDir}");
            // PublishAot=false: the project publishes native by default; this is the `any` package's build.
            await ChildProcess.RunCheckedAsync("dotnet", ["publish", project, "-c", "Release", "-p:PublishAot=false", "-o", ilDir, "--nologo", "-v", "q"], null, TimeSpan.FromMinutes(10));
            dll = Path.Combine(ilDir, "srvprov.dll");

            // The Cli project sets PublishAot, so a publish for a RID is the Native AOT executable.
            var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
            var nativeDir = Path.Combine(work, "srvprov-native");
            Console.WriteLine($"# publishing srvprov (Release, -r {rid}, Native AOT) to {nativeDir}");
            await ChildProcess.RunCheckedAsync("dotnet", ["publish", project, "-c", "Release", "-r", rid, "-o", nativeDir, "--nologo", "-v", "q"], null, TimeSpan.FromMinutes(15));
            native = Path.Combine(nativeDir, "srvprov");
        }

        if (publish && (!File.Exists(dll) || !File.Exists(native)))
        {
            throw new FileNotFoundException($"srvprov.dll and the native srvprov are both needed: {dll}, {native}");
        }

        return new BenchContext(root, work, dll, native);
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
