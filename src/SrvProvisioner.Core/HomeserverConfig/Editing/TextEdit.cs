namespace SrvProvisioner.Core.HomeserverConfig.Editing;

/// <summary>Replace <see cref="Length"/> characters at <see cref="Start"/> with <see cref="Replacement"/>.</summary>
internal sealed record TextEdit(int Start, int Length, string Replacement)
{
    public int End => Start + Length;
}
