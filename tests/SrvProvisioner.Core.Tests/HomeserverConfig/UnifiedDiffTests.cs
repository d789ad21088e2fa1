using SrvProvisioner.Core.HomeserverConfig.Editing;

namespace SrvProvisioner.Core.Tests.HomeserverConfig;

public sealed class UnifiedDiffTests
{
    [Fact]
    public void Diff_HasThreeLinesOfContext_AndGnuHunkHeaders()
    {
        var before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
        var after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n";
        UnifiedDiff.Create("conf/hs.yaml", before, after).ShouldBe("--- a/conf/hs.yaml\n+++ b/conf/hs.yaml\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
    }

    [Fact]
    public void Diff_SplitsDistantChanges_IntoTwoHunks()
    {
        var lines = Enumerable.Range(1, 20).Select(i => $"{i}\n").ToList();
        var before = string.Concat(lines);
        lines[1] = "two\n";
        lines[18] = "nineteen\n";
        var diff = UnifiedDiff.Create("f", before, string.Concat(lines));
        diff.Split('\n').Count(l => l.StartsWith("@@", StringComparison.Ordinal)).ShouldBe(2);
        diff.ShouldContain("@@ -1,5 +1,5 @@\n");
        diff.ShouldContain("@@ -16,5 +16,5 @@\n");
    }

    [Fact]
    public void Diff_MarksMissingFinalNewline_AndShowsAppendedLines()
    {
        UnifiedDiff.Create("/etc/x.toml", "a\nb", "a\nb\nc").ShouldBe("--- a/etc/x.toml\n+++ b/etc/x.toml\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n\\ No newline at end of file\n");
    }

    [Fact]
    public void Diff_IsEmpty_WhenTextsAreEqual()
    {
        UnifiedDiff.Create("f", "a\n", "a\n").ShouldBeEmpty();
    }
}
