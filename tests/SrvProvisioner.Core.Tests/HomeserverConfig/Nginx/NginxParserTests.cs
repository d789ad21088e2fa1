using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig.Nginx;

namespace SrvProvisioner.Core.Tests.HomeserverConfig.Nginx;

public sealed class NginxParserTests
{
    [Fact]
    public void Parse_KeepsSpansOfBlocks_AndUnquotesArguments()
    {
        const string text = "server {\n    location = /x {\n        return 200 '{\"a\": \"b;}\"}';\n    }\n}\n";
        var server = NginxParser.Parse("t.conf", text).ShouldHaveSingleItem();
        var location = server.Children.ShouldNotBeNull().ShouldHaveSingleItem();
        location.Args.Select(a => a.Value).ShouldBe(["=", "/x"]);
        text[location.Start..location.End].ShouldBe("location = /x {\n        return 200 '{\"a\": \"b;}\"}';\n    }");
        location.Line.ShouldBe(2);
        var ret = location.Children.ShouldNotBeNull().ShouldHaveSingleItem();
        ret.Args[1].Value.ShouldBe("{\"a\": \"b;}\"}");
        ret.Args[1].Quoted.ShouldBeTrue();
        text[ret.Args[1].Start..ret.Args[1].End].ShouldBe("'{\"a\": \"b;}\"}'");
    }

    [Fact]
    public void Parse_HashStartsACommentOnlyAtTheStartOfAWord()
    {
        var directives = NginxParser.Parse("t.conf", "server_name a#b; # server_name c;\nroot \"/x y\";\n");
        directives.Select(d => (d.Name, d.Arg(0))).ShouldBe([("server_name", "a#b"), ("root", "/x y")]);
    }

    [Fact]
    public void Parse_BracesOfAVariableBelongToTheWord()
    {
        var directive = NginxParser.Parse("t.conf", "set $x ${host}.example;").ShouldHaveSingleItem();
        directive.Arg(1).ShouldBe("${host}.example");
        directive.Args[1].HasVariable.ShouldBeTrue();
    }

    [Theory]
    [InlineData("server {\n    listen 80;\n", "t.conf:3: unexpected end of file, expecting \"}\"")]
    [InlineData("server {\n}\n}\n", "t.conf:3: unexpected \"}\"")]
    [InlineData("listen 80\n", "t.conf:2: unexpected end of file, expecting \";\" or \"}\"")]
    [InlineData("return 200 'open;\n", "t.conf:1: a quoted string is not closed")]
    [InlineData("root \"/a\"b;\n", "t.conf:1: unexpected \"b\" after a quoted string")]
    public void Parse_MalformedText_IsOneErrorWithFileAndLine(string text, string expected)
    {
        var error = Should.Throw<ConfigFileException>(() => NginxParser.Parse("t.conf", text));
        error.Message.ShouldStartWith(expected);
    }

    [Fact]
    public void Parse_RefusesNestingDeeperThanTheLimit()
    {
        var text = string.Concat(Enumerable.Repeat("a {", 10_000)) + string.Concat(Enumerable.Repeat("}", 10_000));
        Should.Throw<ConfigFileException>(() => NginxParser.Parse("t.conf", text)).Message.ShouldContain("nested deeper than 32");
    }
}
