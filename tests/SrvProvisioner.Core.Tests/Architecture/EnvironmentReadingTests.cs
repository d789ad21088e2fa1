using System.Text.RegularExpressions;
using SrvProvisioner.Core.Hosting;

namespace SrvProvisioner.Core.Tests.Architecture;

/// <summary>Issue 15 item 5: environment variables are resolved in one place.</summary>
public sealed partial class EnvironmentReadingTests
{
    // The one reader, and why anything else may touch an environment.
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["src/SrvProvisioner.Core/Hosting/EnvironmentReader.cs"] = "the one reader of the process environment",
        // The C library keeps its own copy of the environment, which .NET's
        // Environment.GetEnvironmentVariable does not see or change; OpenSSL reads
        // SSL_CERT_FILE/SSL_CERT_DIR from there, so the isolation saves and restores them with
        // getenv(3)/setenv(3) directly.
        ["src/SrvProvisioner.Core/Certificates/PlatformStoreIsolation.cs"] = "libc getenv/setenv of SSL_CERT_FILE/SSL_CERT_DIR",
        ["src/SrvProvisioner.Core/IO/Libc.cs"] = "declares libc getenv/setenv/unsetenv for PlatformStoreIsolation",
    };

    [Fact]
    public void ProductCode_ReadsEnvironmentVariables_OnlyThroughEnvironmentReader()
    {
        var root = RepositoryRoot();
        var offenders = new[] { "src", "providers" }
            .SelectMany(dir => Directory.EnumerateFiles(Path.Combine(root, dir), "*.cs", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => !path.Contains("/obj/", StringComparison.Ordinal) && !path.Contains("/bin/", StringComparison.Ordinal))
            .Where(path => !Allowed.ContainsKey(path))
            .Where(path => EnvironmentAccess().IsMatch(File.ReadAllText(Path.Combine(root, path))))
            .ToList();

        offenders.ShouldBeEmpty("read environment variables through SrvProvisioner.Core.Hosting.EnvironmentReader, handed down from the composition root");
    }

    [Fact]
    public void Guard_SeesADirectRead_InSourceText()
    {
        // The pattern the guard relies on must catch the call shapes it is meant to forbid.
        EnvironmentAccess().IsMatch("var x = Environment.GetEnvironmentVariable(\"PATH\");").ShouldBeTrue();
        EnvironmentAccess().IsMatch("foreach (var e in Environment.GetEnvironmentVariables())").ShouldBeTrue();
        EnvironmentAccess().IsMatch("Libc.Getenv(name)").ShouldBeTrue();
        EnvironmentAccess().IsMatch("environment.Get(\"PATH\")").ShouldBeFalse();
    }

    [Fact]
    public void Reader_TreatsEmptyAsUnset_ForGetNonEmpty()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["NO_COLOR"] = string.Empty, ["TERM"] = "dumb" };
        var reader = new EnvironmentReader(name => values.GetValueOrDefault(name));

        reader.Get("NO_COLOR").ShouldBe(string.Empty);
        reader.GetNonEmpty("NO_COLOR").ShouldBeNull();
        reader.GetNonEmpty("TERM").ShouldBe("dumb");
        reader.Get("MISSING").ShouldBeNull();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SrvProvisioner.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"SrvProvisioner.sln not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"GetEnvironmentVariables?\s*\(|\bGetenv\b|""getenv""|\bsetenv\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnvironmentAccess();
}
