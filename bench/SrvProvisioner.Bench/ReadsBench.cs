using System.Diagnostics;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Core.Providers.Resilience;
using SrvProvisioner.Providers.Route53;
using SrvProvisioner.Providers.Route53.Api;
using SrvProvisioner.Testing.Route53;

namespace SrvProvisioner.Bench;

/// <summary>
/// Figure 2: record reads (ListResourceRecordSets) for one domain's plan in a zone of 5,000
/// record sets, in process through the Route 53 provider and PlanService, against the
/// baseline of listing the whole zone with maxitems=300 pages through the same API client.
/// </summary>
internal static class ReadsBench
{
    private const string Zone = "big-customer.com";

    public static async Task RunAsync(int sets, int repetitions)
    {
        Console.WriteLine($"## Reads: one domain's plan in a zone of {sets} record sets (in process, {repetitions} runs each, medians)");
        await using var emulator = await Route53Emulator.StartAsync();
        var zoneId = emulator.AddZone(Zone);
        emulator.PutRecordSet(zoneId, "matrix." + Zone, "A", 300, "203.0.113.80");

        // SOA, NS and the target's address make 3; fillers make up the rest.
        for (int i = 3; i < sets; i++)
        {
            // Names before, between and after the ones a plan reads: hosts, other SRV services, customers' subdomains.
            var (label, type, value) = (i % 4) switch
            {
                0 => ($"host{i:D5}", "A", $"192.0.2.{i % 250}"),
                1 => ($"_svc{i:D5}._tcp", "SRV", $"0 0 {1 + (i % 60000)} host.{Zone}"),
                2 => ($"zz{i:D5}", "AAAA", $"2001:db8::{i % 65535:x}"),
                _ => ($"a{i:D5}", "TXT", $"\"customer {i}\""),
            };
            emulator.PutRecordSet(zoneId, $"{label}.{Zone}", type, 300, value);
        }

        var credentials = new BasicAWSCredentials(Route53Emulator.DefaultAccessKeyId, Route53Emulator.DefaultSecretAccessKey);
        var factory = new Route53ProviderFactory(new ProviderDependencies
        {
            Environment = n => n switch
            {
                "AWS_ENDPOINT_URL_ROUTE_53" => emulator.Endpoint.AbsoluteUri,
                "AWS_ACCESS_KEY_ID" => Route53Emulator.DefaultAccessKeyId,
                "AWS_SECRET_ACCESS_KEY" => Route53Emulator.DefaultSecretAccessKey,
                _ => null,
            },
        });
        var settings = new ProviderSettings("route53", new Dictionary<string, string>(StringComparer.Ordinal) { ["--route53-rate-limit"] = "1000" });

        var inZone = await PlanAsync(emulator, factory, settings, $"matrix.{Zone}", served: true, repetitions);
        var inZoneNotServed = await PlanAsync(emulator, factory, settings, $"matrix.{Zone}", served: false, repetitions);
        var outOfZone = await PlanAsync(emulator, factory, settings, "hs1.matrix-hosting.example", served: true, repetitions);

        var listTimes = new List<double>();
        var listPages = 0;
        var listed = 0;
        using var http = new HttpClient(new SigV4SigningHandler(credentials, RegionEndpoint.USEast1, "route53", new SocketsHttpHandler()));
        using var api = new Route53ApiClient(http, emulator.Endpoint, new RequestRateLimiter(1000), new RetryExecutor(SrvProvisioner.Core.Providers.Resilience.RetryPolicy.Default), TimeSpan.FromSeconds(30));
        for (int r = 0; r <= repetitions; r++)
        {
            emulator.ResetCounts();
            var clock = Stopwatch.StartNew();
            var count = 0;
            (string Name, string? Type)? next = (Zone + ".", null);
            while (next is { } start)
            {
                var page = await api.ListResourceRecordSetsAsync(zoneId, start.Name, start.Type, null, 300, default);
                count += page.Sets.Count;
                next = page.IsTruncated && page.NextRecordName is not null ? (page.NextRecordName, page.NextRecordType) : null;
            }

            clock.Stop();
            if (r > 0)
            {
                listTimes.Add(clock.Elapsed.TotalMilliseconds);
                listPages = emulator.Count("ListResourceRecordSets");
                listed = count;
            }
        }

        var baseline = Stats.Median(listTimes);
        Console.WriteLine($"  baseline whole-zone listing: {listPages} pages of <= 300 ({listed} sets), median {baseline:0.0} ms");
        foreach (var (what, result) in new[]
        {
            ("target outside the zone (hs1.matrix-hosting.example)", outOfZone),
            ($"target inside the zone (matrix.{Zone}), DNS serves it", inZone),
            ($"target inside the zone, zone not served yet (DNS: no address), its A/AAAA/CNAME read from the zone", inZoneNotServed),
        })
        {
            Console.WriteLine($"  plan, {what}: {result.Reads} ListResourceRecordSets (+ {result.ZoneLookups} ListHostedZonesByName), median {result.Median:0.0} ms");
            Console.WriteLine($"    reads ratio plan/baseline = {result.Reads}/{listPages} = {result.Reads / (double)listPages:0.000}; time ratio = {result.Median / baseline:0.000} (target: 1 read)");
        }
    }

    private static async Task<(int Reads, int ZoneLookups, double Median)> PlanAsync(Route53Emulator emulator, Route53ProviderFactory factory, ProviderSettings settings, string target, bool served, int repetitions)
    {
        var request = new PlanRequest(new DelegationRequest(DnsName.Parse(Zone), [SrvRecord.Parse($"10 0 8448 {target}.")]));
        var times = new List<double>();
        var reads = 0;
        var zoneLookups = 0;
        for (int r = 0; r <= repetitions; r++)
        {
            emulator.ResetCounts();
            var clock = Stopwatch.StartNew();
            await using (var provider = factory.Create(settings))
            {
                var plan = await new PlanService(provider, factory.Capabilities, new ProviderReference("route53", new Dictionary<string, string>()), new StaticTargetLookup(served)).PlanAsync(request, default);
                if (plan.DnsChanges.Count != 2)
                {
                    throw new InvalidOperationException($"expected a plan creating 2 sets, got {plan.DnsChanges.Count}");
                }
            }

            clock.Stop();
            if (r > 0)
            {
                // Run 0 warms up the JIT and the connection.
                times.Add(clock.Elapsed.TotalMilliseconds);
                reads = emulator.Count("ListResourceRecordSets");
                zoneLookups = emulator.Count("ListHostedZonesByName");
            }
        }

        return (reads, zoneLookups, Stats.Median(times));
    }
}
