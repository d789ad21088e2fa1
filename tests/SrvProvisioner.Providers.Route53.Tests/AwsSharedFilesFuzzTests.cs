using CsCheck;
using SrvProvisioner.Testing.Fuzz;

namespace SrvProvisioner.Providers.Route53.Tests;

/// <summary>Issue 17, Deliver 7: the AWS shared-file check reads any text without throwing, and accepts the files aws configure writes.</summary>
public sealed class AwsSharedFilesFuzzTests
{
    private const string Credentials = "[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = abc/def+ghi\n\n[matrix-dns]\n; comment\naws_access_key_id=AKIA2\n";

    private const string Config = "[default]\nregion = eu-west-1\n[profile matrix-dns]\nregion = us-east-1\ns3 =\n  max_concurrent_requests = 20\n# end\n";

    [Fact]
    public void FirstBadLine_ReadsAnyTextWithoutThrowing()
    {
        Mutations.Near(Credentials, Config).Sample(text => Only.OwnErrors(() => AwsSharedFiles.FirstBadLine(text), text), iter: 3000, threads: 1);
    }

    [Theory]
    [InlineData(Credentials)]
    [InlineData(Config)]
    [InlineData("")]
    [InlineData("\r\n[default]\r\naws_access_key_id = A\r\n")]
    public void FirstBadLine_AcceptsFilesAsAwsConfigureWritesThem(string text)
    {
        AwsSharedFiles.FirstBadLine(text).ShouldBeNull();
    }
}
