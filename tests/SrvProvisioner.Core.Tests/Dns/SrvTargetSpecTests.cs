using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Tests.Dns;

public sealed class SrvTargetSpecTests
{
    [Theory]
    [InlineData("matrix.example.com", 10, 0, 8448, "matrix.example.com")]
    [InlineData("matrix.example.com:443", 10, 0, 443, "matrix.example.com")]
    [InlineData("m1.example.com:8448,priority=20,weight=5", 20, 5, 8448, "m1.example.com")]
    [InlineData("m2.example.com,weight=7", 10, 7, 8448, "m2.example.com")]
    [InlineData("Matrix.Example.Com.", 10, 0, 8448, "matrix.example.com")]
    public void Parse_ReadsHostPortAndOverrides(string spec, int priority, int weight, int port, string target)
    {
        var r = SrvTargetSpec.Parse(spec, 10, 0);
        r.Priority.ShouldBe((ushort)priority);
        r.Weight.ShouldBe((ushort)weight);
        r.Port.ShouldBe((ushort)port);
        r.Target.Value.ShouldBe(target);
    }

    [Theory]
    [InlineData("matrix.example.com:70000", "65535")]
    [InlineData("matrix.example.com:0", "port 0")]
    [InlineData("matrix.example.com:abc", "whole number")]
    [InlineData("192.0.2.10:8448", "IP address")]
    [InlineData("[2001:db8::1]:8448", "IP address")]
    [InlineData("matrix", "single-label")]
    [InlineData("matrix.example.com,priority=99999", "65535")]
    [InlineData("matrix.example.com,colour=blue", "unknown setting")]
    [InlineData(":8448", "no host")]
    public void Parse_RefusesBadTargets_WithAReason(string spec, string reason) =>
        Should.Throw<InvalidInputException>(() => SrvTargetSpec.Parse(spec, 10, 0)).Message.ShouldContain(reason);
}
