using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SrvProvisioner.Testing.Cloudflare;

/// <summary>Request handling: authentication, rate limit, faults, routing, the envelope.</summary>
public sealed partial class CloudflareEmulator
{
    private const string Base = "/client/v4/";

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var segments = path.StartsWith(Base, StringComparison.Ordinal) ? path[Base.Length..].Trim('/').Split('/') : [];
        var route = RouteOf(request.Method, segments);
        try
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            lock (_gate)
            {
                _counts[route] = _counts.GetValueOrDefault(route) + 1;
                _arrivals.Add((route, DateTimeOffset.UtcNow));
            }

            var authorization = request.Headers.Authorization.ToString();
            var token = Authenticate(authorization);
            CheckRate(authorization);
            OnRequest?.Invoke(route);
            var loseAnswer = ApplyFaults(route);
            var (result, info) = Dispatch(route, segments, request.Query, body, token);
            if (loseAnswer)
            {
                throw new CloudflareEmulatorError(500, 10002, "An unknown error has occurred");
            }

            var envelope = new JsonObject
            {
                ["success"] = true,
                ["errors"] = new JsonArray(),
                ["messages"] = new JsonArray(),
                ["result"] = result,
            };
            if (info is not null)
            {
                envelope["result_info"] = info;
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(envelope.ToJsonString(), context.RequestAborted);
        }
        catch (CloudflareEmulatorError error)
        {
            context.Response.StatusCode = error.Status;
            context.Response.ContentType = "application/json";
            if (error.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            var envelope = new JsonObject
            {
                ["success"] = false,
                ["errors"] = new JsonArray(new JsonObject { ["code"] = error.Code, ["message"] = error.Message }),
                ["messages"] = new JsonArray(),
                ["result"] = null,
            };
            await context.Response.WriteAsync(envelope.ToJsonString(), context.RequestAborted);
        }
    }

    private static string RouteOf(string method, string[] s) => (method, s) switch
    {
        ("GET", ["zones"]) => "GET zones",
        ("GET", ["zones", _]) => "GET zone",
        ("GET", ["zones", _, "dns_records"]) => "GET dns_records",
        ("POST", ["zones", _, "dns_records", "batch"]) => "POST batch",
        _ => $"{method} other",
    };

    private CloudflareTokenGrant Authenticate(string authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            throw new CloudflareEmulatorError(400, 9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers");
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            throw new CloudflareEmulatorError(400, 6111, "Invalid format for Authorization header");
        }

        lock (_gate)
        {
            return _tokens.TryGetValue(authorization["Bearer ".Length..], out var grant)
                ? grant
                : throw new CloudflareEmulatorError(401, 1000, "Invalid API Token");
        }
    }

    /// <summary>A sliding window per token; the wait asked for is until the oldest counted request leaves it.</summary>
    private void CheckRate(string key)
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            var recent = _recent.TryGetValue(key, out var q) ? q : _recent[key] = new Queue<DateTimeOffset>();
            while (recent.Count > 0 && now - recent.Peek() >= RateWindow)
            {
                recent.Dequeue();
            }

            if (recent.Count >= RateLimit)
            {
                RateLimited++;
                var wait = (int)Math.Ceiling((recent.Peek() + RateWindow - now).TotalSeconds);
                throw new CloudflareEmulatorError(429, 971, "Please wait and consider throttling your request speed", Math.Max(1, wait));
            }

            recent.Enqueue(now);
        }
    }

    private bool ApplyFaults(string route)
    {
        List<CloudflareFaultRule> firing;
        lock (_gate)
        {
            firing = [.. _faults.Where(f => f.ShouldFire(route))];
        }

        foreach (var fault in firing)
        {
            switch (fault.Kind)
            {
                case CloudflareFaultKind.Throttle:
                    throw new CloudflareEmulatorError(429, 971, "Please wait and consider throttling your request speed", fault.RetryAfterSeconds);
                case CloudflareFaultKind.InternalError:
                    throw new CloudflareEmulatorError(500, 10002, "An unknown error has occurred");
            }
        }

        return firing.Any(f => f.Kind == CloudflareFaultKind.LostAnswer);
    }

    private (JsonNode? Result, JsonObject? Info) Dispatch(string route, string[] segments, IQueryCollection query, string body, CloudflareTokenGrant grant)
    {
        lock (_gate)
        {
            switch (route)
            {
                case "GET zones":
                {
                    var name = query["name"].ToString().TrimEnd('.').ToLowerInvariant();

                    // A token without Zone → Zone → Read sees no zones: an empty list, not an error.
                    var zones = _zones.Where(z => grant.ZoneRead && (name.Length == 0 || z.Name == name)).OrderBy(z => z.Name, StringComparer.Ordinal).ToList();
                    return Page(zones.Select(z => (JsonNode)ZoneJson(z)).ToList(), query, maxPerPage: 50, defaultPerPage: 20);
                }

                case "GET zone":
                {
                    var zone = ZoneFor(segments[1], grant, needZoneRead: true);
                    return (ZoneJson(zone), null);
                }

                case "GET dns_records":
                {
                    var zone = ZoneFor(segments[1], grant, needZoneRead: false);
                    if (!grant.DnsRead && !grant.DnsEdit)
                    {
                        throw Forbidden();
                    }

                    var name = query["name"].ToString().TrimEnd('.').ToLowerInvariant();
                    var type = query["type"].ToString().ToUpperInvariant();
                    var records = zone.Records
                        .Where(r => (name.Length == 0 || r.Name == name) && (type.Length == 0 || r.Type == type))
                        .OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)
                        .Select(r => (JsonNode)RecordJson(r))
                        .ToList();
                    return Page(records, query, maxPerPage: 5_000_000, defaultPerPage: 100);
                }

                case "POST batch":
                {
                    var zone = ZoneFor(segments[1], grant, needZoneRead: false);
                    if (!grant.DnsEdit)
                    {
                        throw Forbidden();
                    }

                    return (Batch(zone, body), null);
                }

                default:
                    throw new CloudflareEmulatorError(404, 7000, "No route for that URI");
            }
        }
    }

    private static CloudflareEmulatorError Forbidden() => new(403, 10000, "Authentication error");

    private CloudflareZone ZoneFor(string id, CloudflareTokenGrant grant, bool needZoneRead)
    {
        var zone = _zones.FirstOrDefault(z => z.Id == id)
            ?? throw new CloudflareEmulatorError(404, 7003, $"Could not route to /zones/{id}, perhaps your object identifier is invalid?");
        if (needZoneRead && !grant.ZoneRead)
        {
            throw Forbidden();
        }

        return zone;
    }

    private static (JsonNode Result, JsonObject Info) Page(List<JsonNode> items, IQueryCollection query, int maxPerPage, int defaultPerPage)
    {
        var page = Int(query, "page") ?? 1;
        var perPage = Int(query, "per_page") ?? defaultPerPage;
        if (page < 1 || perPage < 1 || perPage > maxPerPage)
        {
            throw new CloudflareEmulatorError(400, 1001, $"Invalid paging: page {page}, per_page {perPage} (at most {maxPerPage}).");
        }

        var slice = items.Skip((page - 1) * perPage).Take(perPage).ToList();
        var info = new JsonObject
        {
            ["page"] = page,
            ["per_page"] = perPage,
            ["count"] = slice.Count,
            ["total_count"] = items.Count,
            ["total_pages"] = (items.Count + perPage - 1) / perPage,
        };
        return (new JsonArray([.. slice]), info);
    }

    private static int? Int(IQueryCollection query, string key)
    {
        var text = query[key].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new CloudflareEmulatorError(400, 1001, $"Invalid {key} '{text}'.");
    }

    private static JsonObject ZoneJson(CloudflareZone zone) => new()
    {
        ["id"] = zone.Id,
        ["name"] = zone.Name,
        ["status"] = "active",
    };

    private static JsonObject RecordJson(CloudflareRecord record)
    {
        var json = new JsonObject
        {
            ["id"] = record.Id,
            ["name"] = record.Name,
            ["type"] = record.Type,
            ["content"] = record.Content,
            ["ttl"] = record.Ttl,
            ["proxiable"] = record.Type is "A" or "AAAA" or "CNAME",
        };
        if (record.Proxied is { } proxied)
        {
            json["proxied"] = proxied;
        }

        if (record.Type == "SRV")
        {
            var f = record.Content.Split(' ');
            json["data"] = new JsonObject
            {
                ["priority"] = int.Parse(f[0], CultureInfo.InvariantCulture),
                ["weight"] = int.Parse(f[1], CultureInfo.InvariantCulture),
                ["port"] = int.Parse(f[2], CultureInfo.InvariantCulture),
                ["target"] = f[3],
            };
        }

        if (record.Comment is not null)
        {
            json["comment"] = record.Comment;
        }

        return json;
    }
}
