namespace SrvProvisioner.Cli.Rendering;

/// <summary>ANSI colours, used only when the console is a terminal and NO_COLOR is unset.</summary>
internal sealed class Ansi(bool enabled)
{
    public string Green(string s) => Wrap("32", s);

    public string Red(string s) => Wrap("31", s);

    public string Yellow(string s) => Wrap("33", s);

    public string Cyan(string s) => Wrap("36", s);

    public string Bold(string s) => Wrap("1", s);

    public string Dim(string s) => Wrap("2", s);

    private string Wrap(string code, string s) => enabled ? $"\u001b[{code}m{s}\u001b[0m" : s;
}
