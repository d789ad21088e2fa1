using System.Diagnostics;
using System.Globalization;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Testing.Fuzz;

/// <summary>The fuzz property: a parser returns, or throws one of the tool's own errors, quickly; anything else is a bug.</summary>
public static class Only
{
    /// <summary>Far above any real parse of these inputs (a few KiB), low enough to catch a runaway.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    public static void OwnErrors(Action parse, string input)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            parse();
        }
        catch (SrvProvisionerException)
        {
            // The contract: one clear line for the user.
        }
        catch (Exception ex)
        {
            throw new FuzzFailureException(string.Create(CultureInfo.InvariantCulture, $"{ex.GetType().Name}: {ex.Message}\n--- input ({input.Length} chars):\n{input}"), ex);
        }

        if (watch.Elapsed > Budget)
        {
            throw new FuzzFailureException(string.Create(CultureInfo.InvariantCulture, $"took {watch.Elapsed.TotalSeconds:0.0} s (budget {Budget.TotalSeconds} s)\n--- input ({input.Length} chars):\n{input}"));
        }
    }
}
