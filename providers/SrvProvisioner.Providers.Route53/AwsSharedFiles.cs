using System.Globalization;
using System.Text;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.IO;

namespace SrvProvisioner.Providers.Route53;

/// <summary>
/// Checks <c>~/.aws/credentials</c> and <c>~/.aws/config</c> (or the files
/// <c>AWS_SHARED_CREDENTIALS_FILE</c> / <c>AWS_CONFIG_FILE</c> name) before AWSSDK.Core reads them:
/// the SDK opens them blocking (a FIFO hangs it), reads them whole (no size cap), and either
/// swallows a malformed file ("no credentials") or throws an exception whose message quotes the
/// offending line, which may hold a secret. Here each file must be a regular file of at most
/// 1 MiB whose lines are INI lines as the AWS CLI reads them (botocore's configparser): blank,
/// a comment (<c>#</c>, <c>;</c>), a <c>[section]</c>, a <c>key = value</c> inside a section, or an
/// indented continuation of a property (the config file's nested <c>s3 =</c> settings).
/// </summary>
internal static class AwsSharedFiles
{
    public static void Check(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        CheckOne(PathOf(environment("AWS_SHARED_CREDENTIALS_FILE"), home, "credentials"));
        CheckOne(PathOf(environment("AWS_CONFIG_FILE"), home, "config"));
    }

    /// <summary>The line number (1-based) of the first line that is not an INI line, or null when every line is one.</summary>
    public static int? FirstBadLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var inSection = false;
        var afterProperty = false;
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (line.Any(c => char.IsControl(c) && c != '\t') || line.Contains('\uFFFD', StringComparison.Ordinal))
            {
                return number;
            }

            if (trimmed[0] == '[')
            {
                if (!trimmed.EndsWith(']') || trimmed.Length < 3)
                {
                    return number;
                }

                inSection = true;
                afterProperty = false;
                continue;
            }

            var indented = char.IsWhiteSpace(line[0]);
            if (indented && afterProperty)
            {
                continue;
            }

            if (!inSection || trimmed.IndexOf('=', StringComparison.Ordinal) < 1)
            {
                return number;
            }

            afterProperty = true;
        }

        return null;
    }

    private static string PathOf(string? configured, string home, string name)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return Path.Combine(home, ".aws", name);
        }

        return configured.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, configured[2..]) : configured;
    }

    private static void CheckOne(string path)
    {
        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(path, InputKind.CredentialsFile);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"Cannot read the AWS file {path}: {ex.Message} Fix its permissions, or point AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE elsewhere.", ex);
        }

        var text = new UTF8Encoding(false, false).GetString(bytes);
        if (FirstBadLine(text) is { } line)
        {
            // The line itself is not shown: it may hold a key.
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"The AWS file {path} is not an INI file the AWS tools read: line {line} is not a [section], a 'key = value' inside a section, or a comment. Fix that line (aws configure rewrites it), or point AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE elsewhere."));
        }
    }
}
