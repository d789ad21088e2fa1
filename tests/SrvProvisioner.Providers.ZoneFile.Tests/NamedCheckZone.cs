using System.Diagnostics;
using SrvProvisioner.Testing.Bind;

namespace SrvProvisioner.Providers.ZoneFile.Tests;

/// <summary>BIND's own zone checker: the judge of whether a written file is a valid zone.</summary>
internal static class NamedCheckZone
{
    public static async Task AssertAcceptsAsync(string origin, string path)
    {
        var psi = new ProcessStartInfo(BindServer.FindNamedCheckZone()) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(origin);
        psi.ArgumentList.Add(path);
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        p.ExitCode.ShouldBe(0, $"named-checkzone rejected {path}:\n{output}\n{await File.ReadAllTextAsync(path)}");
    }
}
