using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers.Resilience;
using SrvProvisioner.Providers.Route53.Api;

namespace SrvProvisioner.Providers.Route53.Tests;

/// <summary>The Core retry and rate-limit helpers the provider relies on, endpoint precedence and name order.</summary>
public sealed class ResilienceAndSettingsTests
{
    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;
    }

    [Fact]
    public void RateLimiter_SpacesRequestsEvenly_AtTheConfiguredRate()
    {
        var clock = new ManualClock();
        var limiter = new RequestRateLimiter(5, time: clock);

        var waits = Enumerable.Range(0, 4).Select(_ => limiter.Reserve()).ToList();

        waits.ShouldBe([TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(600)]);
        clock.Ticks += TimeSpan.FromSeconds(10).Ticks;
        limiter.Reserve().ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void RateLimiter_AllowsABurst_ThenTheRate()
    {
        var limiter = new RequestRateLimiter(10, burst: 3, time: new ManualClock());

        var waits = Enumerable.Range(0, 5).Select(_ => limiter.Reserve()).ToList();

        waits.ShouldBe([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)]);
    }

    [Fact]
    public void RateLimiter_IsSharedPerKey_AcrossTheProcess()
    {
        var key = "test|" + Guid.NewGuid();

        RequestRateLimiter.Shared(key, 5).ShouldBeSameAs(RequestRateLimiter.Shared(key, 50));
        RequestRateLimiter.Shared(key, 50).RequestsPerSecond.ShouldBe(5);
        RequestRateLimiter.Shared(key + "other", 5).ShouldNotBeSameAs(RequestRateLimiter.Shared(key, 5));
    }

    [Fact]
    public void Backoff_IsFullJitterUnderAnExponentialCap_AndHonoursTheServiceDelay()
    {
        var policy = new RetryPolicy(8, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var random = new Random(3);

        for (int retry = 1; retry <= 8; retry++)
        {
            var bound = TimeSpan.FromMilliseconds(Math.Min(1000, 100 * Math.Pow(2, retry - 1)));
            policy.DelayBefore(retry, null, random).ShouldBeInRange(TimeSpan.Zero, bound);
        }

        policy.DelayBefore(1, TimeSpan.FromSeconds(5), random).ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Executor_StopsAtMaxAttempts_AndRethrowsTheLastError()
    {
        var executor = new RetryExecutor(new RetryPolicy(3, TimeSpan.Zero, TimeSpan.Zero));
        var tries = 0;

        var ex = await Should.ThrowAsync<TimeoutException>(() => executor.ExecuteAsync<int>((n, _) => throw new TimeoutException("try " + (tries = n)), _ => RetryAdvice.Retry(), default));

        tries.ShouldBe(3);
        ex.Message.ShouldBe("try 3");
    }

    [Fact]
    public async Task Executor_DoesNotRetry_WhatTheClassifierCallsFinal()
    {
        var executor = new RetryExecutor(new RetryPolicy(5, TimeSpan.Zero, TimeSpan.Zero));
        var tries = 0;

        await Should.ThrowAsync<InvalidOperationException>(() => executor.ExecuteAsync<int>((n, _) => throw new InvalidOperationException("final " + (tries = n)), _ => RetryAdvice.Stop, default));

        tries.ShouldBe(1);
    }

    [Fact]
    public async Task Executor_GivesUp_WhenTheServiceAsksForTooLongAWait()
    {
        var executor = new RetryExecutor(new RetryPolicy(5, TimeSpan.Zero, TimeSpan.Zero) { MaxServiceDelay = TimeSpan.FromSeconds(1) });
        var tries = 0;

        await Should.ThrowAsync<TimeoutException>(() => executor.ExecuteAsync<int>((n, _) => throw new TimeoutException("t" + (tries = n)), _ => RetryAdvice.Retry(TimeSpan.FromHours(1)), default));

        tries.ShouldBe(1);
    }

    [Theory]
    [InlineData(null, "https://svc:1", "https://all:2", "https://svc:1/")]
    [InlineData(null, null, "https://all:2", "https://all:2/")]
    [InlineData(null, null, null, "https://route53.amazonaws.com/")]
    [InlineData("https://opt:3", "https://svc:1", "https://all:2", "https://opt:3/")]
    [InlineData(null, "", "https://all:2", "https://all:2/")]
    [InlineData("http://127.0.0.1:4566", null, null, "http://127.0.0.1:4566/")]
    [InlineData("http://localhost:4566", null, null, "http://localhost:4566/")]
    public void Endpoint_FollowsOptionThenServiceThenGlobalVariable(string? option, string? service, string? global, string expected)
    {
        var env = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_ROUTE_53"] = service, ["AWS_ENDPOINT_URL"] = global };

        Route53EndpointResolver.Resolve(option, n => env.GetValueOrDefault(n)).AbsoluteUri.ShouldBe(expected);
    }

    [Theory]
    [InlineData("http://route53.example.net")]
    [InlineData("http://192.0.2.10:8080")]
    public void Endpoint_PlainHttpToANonLoopbackHost_IsRefused(string endpoint) =>
        Should.Throw<InvalidInputException>(() => Route53EndpointResolver.Resolve(endpoint, _ => null)).Message.ShouldContain("plain http");

    [Fact]
    public void Endpoint_VariablesAreIgnored_WhenAwsSaysSo()
    {
        var env = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_ROUTE_53"] = "http://svc:1", ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true" };

        Route53EndpointResolver.Resolve(null, n => env.GetValueOrDefault(n)).AbsoluteUri.ShouldBe("https://route53.amazonaws.com/");
    }

    [Fact]
    public void Endpoint_Malformed_IsOneClearError() =>
        Should.Throw<InvalidInputException>(() => Route53EndpointResolver.Resolve(null, n => n == "AWS_ENDPOINT_URL" ? "ftp://x" : null))
            .Message.ShouldContain("AWS_ENDPOINT_URL");

    [Fact]
    public void ListingOrder_ReversesLabels_AndComparesWithTheTrailingDot()
    {
        // "com.example._tcp._matrix-fed." < "com.example._tcp._matrix." because '-' sorts before '.'.
        string[] names = ["www.example.com", "_matrix._tcp.example.com", "example.com", "_matrix-fed._tcp.example.com", "a.example.com"];

        names.Order(Comparer<string>.Create(Route53Names.Compare)).ShouldBe(["example.com", "_matrix-fed._tcp.example.com", "_matrix._tcp.example.com", "a.example.com", "www.example.com"]);
    }

    [Theory]
    [InlineData("Example.COM.", "example.com")]
    [InlineData("\\052.example.com.", "*.example.com")]
    [InlineData("_matrix._tcp.example.com", "_matrix._tcp.example.com")]
    public void Names_AreNormalised(string raw, string expected) => Route53Names.Normalise(raw).ShouldBe(expected);
}
