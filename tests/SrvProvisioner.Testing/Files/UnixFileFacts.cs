using System.Globalization;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Files;

/// <summary>What <c>stat(1)</c> says about a path (not following a final symlink).</summary>
public sealed record UnixFileFacts(uint Uid, uint Gid, string Mode, string Type, int Links)
{
    /// <summary>Asks coreutils' <c>stat</c>, so the test does not share srvprov's own statx code.</summary>
    public static async Task<UnixFileFacts> OfAsync(string path)
    {
        var result = await ChildProcess.RunCheckedAsync("stat", ["-c", "%u|%g|%a|%F|%h", path], null, TimeSpan.FromSeconds(10));
        var parts = result.Stdout.Trim().Split('|');
        return new UnixFileFacts(
            uint.Parse(parts[0], CultureInfo.InvariantCulture),
            uint.Parse(parts[1], CultureInfo.InvariantCulture),
            parts[2],
            parts[3],
            int.Parse(parts[4], CultureInfo.InvariantCulture));
    }

    public static Task ChownAsync(string path, string owner) =>
        ChildProcess.RunCheckedAsync("chown", ["-h", owner, path], null, TimeSpan.FromSeconds(10));

    public static Task ChmodAsync(string path, string mode) =>
        ChildProcess.RunCheckedAsync("chmod", [mode, path], null, TimeSpan.FromSeconds(10));

    public static Task MakeFifoAsync(string path) =>
        ChildProcess.RunCheckedAsync("mkfifo", [path], null, TimeSpan.FromSeconds(10));
}
