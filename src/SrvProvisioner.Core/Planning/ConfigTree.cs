namespace SrvProvisioner.Core.Planning;

/// <summary>
/// The configuration tree a proxy file belongs to: the main file the server loads
/// (<see cref="Root"/>), the directory its relative includes start from, and a hash over every
/// file the tree loaded (paths and bytes), so that apply refuses when any of them changed,
/// was added or went away since the plan.
/// </summary>
public sealed record ConfigTree(string Root, string ConfDirectory, string Sha256)
{
    /// <summary>False when no main file was found for the given file: the server's own checker cannot run.</summary>
    public bool HasMainFile { get; init; } = true;
}
