using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SrvProvisioner.Testing.AzureDns;

/// <summary>Request handling: authentication, api-version, faults, routing, the ARM resources.</summary>
public sealed partial class AzureDnsEmulator
{
    private static readonly string[] RecordTypes = ["SRV", "CNAME", "A", "AAAA", "TXT"];

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var segments = (request.Path.Value ?? "/").Trim('/').Split('/');
        var route = Route.Of(segments);
        try
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            lock (_gate)
            {
                var key = $"{request.Method} {route.ResourceType}";
                _counts[key] = _counts.GetValueOrDefault(key) + 1;
            }

            Authenticate(request.Headers.Authorization.ToString());
            CheckApiVersion(request.Query["api-version"].ToString());
            OnRequest?.Invoke(request.Method, route.ResourceType, route.RelativeName);
            var loseAnswer = ApplyFaults(request.Method, route);
            var (status, json, etag) = Dispatch(request, route, body);
            if (loseAnswer)
            {
                throw new AzureEmulatorError(500, "InternalServerError", "Encountered internal server error. Diagnostic information: timestamp '', subscription id '', tracking id '', request correlation id ''.");
            }

            context.Response.StatusCode = status;
            if (etag is not null)
            {
                context.Response.Headers.ETag = etag;
            }

            if (json is not null)
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync(json.ToJsonString(), context.RequestAborted);
            }
        }
        catch (AzureEmulatorError error)
        {
            context.Response.StatusCode = error.Status;
            context.Response.ContentType = "application/json; charset=utf-8";
            if (error.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            if (error.Status == 401)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer authorization_uri=\"https://login.windows.net/\", error=\"invalid_token\", error_description=\"The authentication failed because of missing 'Authorization' header or invalid token.\"";
            }

            var payload = new JsonObject { ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message } };
            await context.Response.WriteAsync(payload.ToJsonString(), context.RequestAborted);
        }
    }

    private void Authenticate(string authorization)
    {
        string? failure = null;
        if (string.IsNullOrEmpty(authorization))
        {
            failure = "AuthenticationFailed|Authentication failed. The 'Authorization' header is missing.";
        }
        else if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization["Bearer ".Length..] != ExpectedToken)
        {
            failure = "InvalidAuthenticationToken|The access token is invalid.";
        }

        if (failure is not null)
        {
            lock (_gate)
            {
                AuthFailures++;
            }

            var parts = failure.Split('|');
            throw new AzureEmulatorError(401, parts[0], parts[1]);
        }
    }

    private static void CheckApiVersion(string apiVersion)
    {
        if (string.IsNullOrEmpty(apiVersion))
        {
            throw new AzureEmulatorError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
        }

        if (apiVersion != ApiVersion)
        {
            throw new AzureEmulatorError(400, "InvalidApiVersionParameter", $"The api-version '{apiVersion}' is invalid. The supported versions are '{ApiVersion}'.");
        }
    }

    private bool ApplyFaults(string method, Route route)
    {
        lock (_gate)
        {
            var loseAnswer = false;
            foreach (var rule in _faults)
            {
                if (!rule.ShouldFire(method, route.ResourceType, route.RelativeName))
                {
                    continue;
                }

                switch (rule.Kind)
                {
                    case AzureFaultKind.Throttle:
                        throw new AzureEmulatorError(429, "TooManyRequests", "The request is being throttled as the limit has been reached for operation type - Write_ObservationWindow_00:05:00.") { RetryAfterSeconds = rule.RetryAfterSeconds };
                    case AzureFaultKind.OperationPending:
                        throw new AzureEmulatorError(409, "Conflict", "Another operation is pending for requested object. Please retry after some time.");
                    case AzureFaultKind.InternalError:
                        throw new AzureEmulatorError(500, "InternalServerError", "Encountered internal server error.");
                    case AzureFaultKind.LostAnswer:
                        loseAnswer = true;
                        break;
                }
            }

            return loseAnswer;
        }
    }

    private (int Status, JsonNode? Json, string? ETag) Dispatch(HttpRequest request, Route route, string body)
    {
        lock (_gate)
        {
            if (route.Subscription is null || !_subscriptions.Contains(route.Subscription))
            {
                throw new AzureEmulatorError(404, "SubscriptionNotFound", $"The subscription '{route.Subscription}' could not be found.");
            }

            if (route.ResourceGroup is not null && !_resourceGroups.Contains((route.Subscription.ToLowerInvariant(), route.ResourceGroup.ToLowerInvariant())))
            {
                throw new AzureEmulatorError(404, "ResourceGroupNotFound", $"Resource group '{route.ResourceGroup}' could not be found.");
            }

            return (route.Kind, request.Method) switch
            {
                (RouteKind.ZoneList, "GET") => (200, ListZones(request, route), null),
                (RouteKind.Zone, "GET") => (200, ZoneJson(FindZone(route)), null),
                (RouteKind.RecordSet, "GET") => GetRecordSet(route),
                (RouteKind.RecordSet, "PUT") => PutRecordSet(request, route, body),
                (RouteKind.RecordSet, "DELETE") => DeleteRecordSet(request, route),
                (RouteKind.Unknown, _) => throw new AzureEmulatorError(404, "InvalidResourceType", $"The resource type could not be found in the namespace 'Microsoft.Network' for api version '{ApiVersion}'."),
                _ => throw new AzureEmulatorError(405, "MethodNotAllowed", $"The requested resource does not support http method '{request.Method}'."),
            };
        }
    }

    private JsonObject ListZones(HttpRequest request, Route route)
    {
        var top = int.TryParse(request.Query["$top"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) && t > 0 ? Math.Min(t, 100) : 100;
        var skip = int.TryParse(request.Query["$skipToken"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 0;
        var zones = _zones
            .Where(z => string.Equals(z.Subscription, route.Subscription, StringComparison.OrdinalIgnoreCase)
                && (route.ResourceGroup is null || string.Equals(z.ResourceGroup, route.ResourceGroup, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(z => z.Id, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var page = zones.Skip(skip).Take(top).ToList();
        var result = new JsonObject { ["value"] = new JsonArray([.. page.Select(z => (JsonNode?)ZoneJson(z))]) };
        if (skip + page.Count < zones.Count)
        {
            result["nextLink"] = string.Create(CultureInfo.InvariantCulture, $"{Endpoint.AbsoluteUri.TrimEnd('/')}{request.Path}?api-version={ApiVersion}&$top={top}&$skipToken={skip + page.Count}");
        }

        return result;
    }

    private AzureEmulatedZone FindZone(Route route) =>
        _zones.FirstOrDefault(z => string.Equals(z.Subscription, route.Subscription, StringComparison.OrdinalIgnoreCase)
            && string.Equals(z.ResourceGroup, route.ResourceGroup, StringComparison.OrdinalIgnoreCase)
            && string.Equals(z.Name, route.Zone, StringComparison.OrdinalIgnoreCase))
        ?? throw new AzureEmulatorError(404, route.Kind == RouteKind.Zone ? "ResourceNotFound" : "ParentResourceNotFound", $"The Resource 'Microsoft.Network/dnszones/{route.Zone}' under resource group '{route.ResourceGroup}' was not found.");

    private (int, JsonNode?, string?) GetRecordSet(Route route)
    {
        var zone = FindZone(route);
        var set = zone.Find(route.ResourceType, route.RelativeName!)
            ?? throw new AzureEmulatorError(404, "NotFound", $"The resource record '{route.RelativeName}' does not exist in resource group '{route.ResourceGroup}' of subscription '{route.Subscription}'.");
        return (200, RecordSetJson(zone, set), set.ETag);
    }

    private (int, JsonNode?, string?) PutRecordSet(HttpRequest request, Route route, string body)
    {
        var zone = FindZone(route);
        var existing = zone.Find(route.ResourceType, route.RelativeName!);
        CheckPreconditions(request, existing);
        var (ttl, records) = ParseBody(route.ResourceType, body);
        if (route.ResourceType == "CNAME" ? zone.HasOtherTypeAt("CNAME", route.RelativeName!) : zone.Find("CNAME", route.RelativeName!) is not null)
        {
            throw new AzureEmulatorError(409, "Conflict", $"The record set '{route.RelativeName}' could not be created because a CNAME record set cannot share its name with other record sets.");
        }

        var set = new AzureEmulatedRecordSet(route.ResourceType, existing?.RelativeName ?? route.RelativeName!, ttl, records, NewETag());
        zone.Put(set);
        _writeLog.Add($"PUT {route.ResourceType} {set.RelativeName}");
        return (existing is null ? 201 : 200, RecordSetJson(zone, set), set.ETag);
    }

    private (int, JsonNode?, string?) DeleteRecordSet(HttpRequest request, Route route)
    {
        var zone = FindZone(route);
        var existing = zone.Find(route.ResourceType, route.RelativeName!);
        if (existing is null)
        {
            return (204, null, null);
        }

        CheckPreconditions(request, existing);
        zone.Remove(route.ResourceType, route.RelativeName!);
        _writeLog.Add($"DELETE {route.ResourceType} {existing.RelativeName}");
        return (200, null, null);
    }

    /// <summary>RFC 9110 §13.1.1 and §13.1.2 as ARM applies them to record sets.</summary>
    private static void CheckPreconditions(HttpRequest request, AzureEmulatedRecordSet? existing)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0 && (ifNoneMatch == "*" || Unquote(ifNoneMatch) == existing?.ETag) && existing is not null)
        {
            throw new AzureEmulatorError(412, "PreconditionFailed", $"The condition '{ifNoneMatch}' in the If-None-Match header was not satisfied. The current was '{existing.ETag}'.");
        }

        if (ifMatch.Length > 0 && (existing is null || (ifMatch != "*" && Unquote(ifMatch) != existing.ETag)))
        {
            throw new AzureEmulatorError(412, "PreconditionFailed", $"The condition '{ifMatch}' in the If-Match header was not satisfied. The current was '{existing?.ETag ?? "n/a"}'.");
        }
    }

    private static string Unquote(string etag)
    {
        var e = etag.Trim();
        e = e.StartsWith("W/", StringComparison.Ordinal) ? e[2..] : e;
        return e.Trim('"');
    }

    private static (long Ttl, JsonNode Records) ParseBody(string type, string body)
    {
        JsonNode? properties;
        try
        {
            properties = JsonNode.Parse(body)?["properties"];
        }
        catch (JsonException ex)
        {
            throw new AzureEmulatorError(400, "InvalidRequestContent", $"The request content was invalid and could not be deserialized: '{ex.Message}'.");
        }

        if (properties is not JsonObject props || props["TTL"] is not JsonValue ttlValue || !ttlValue.TryGetValue<long>(out var ttl) || ttl < 0)
        {
            throw new AzureEmulatorError(400, "BadRequest", "The record set must have a TTL property in its properties.");
        }

        var name = AzureRecordText.PropertyName(type);
        foreach (var other in RecordTypes.Where(t => t != type).Select(AzureRecordText.PropertyName))
        {
            if (props[other] is not null)
            {
                throw new AzureEmulatorError(400, "BadRequest", $"The record set of type {type} cannot have {other}.");
            }
        }

        var records = props[name]?.DeepClone() ?? throw new AzureEmulatorError(400, "BadRequest", $"The record set of type {type} needs {name}.");
        try
        {
            _ = AzureRecordText.Values(type, records);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new AzureEmulatorError(400, "BadRequest", $"The {name} of the record set are malformed: {ex.Message}");
        }

        return (ttl, records);
    }

    private static JsonObject ZoneJson(AzureEmulatedZone zone) => new()
    {
        ["id"] = zone.Id,
        ["name"] = zone.Name,
        ["type"] = "Microsoft.Network/dnszones",
        ["location"] = "global",
        ["etag"] = "00000000-0000-0000-0000-000000000001",
        ["properties"] = new JsonObject
        {
            ["maxNumberOfRecordSets"] = 10000,
            ["numberOfRecordSets"] = zone.Sets.Count + 2,
            ["nameServers"] = new JsonArray("ns1-01.azure-dns.com.", "ns2-01.azure-dns.net."),
            ["zoneType"] = zone.IsPrivate ? "Private" : "Public",
        },
    };

    private static JsonObject RecordSetJson(AzureEmulatedZone zone, AzureEmulatedRecordSet set)
    {
        var properties = new JsonObject
        {
            ["fqdn"] = (set.RelativeName == "@" ? zone.Name : $"{set.RelativeName}.{zone.Name}") + ".",
            ["TTL"] = set.Ttl,
            ["provisioningState"] = "Succeeded",
            [AzureRecordText.PropertyName(set.Type)] = set.Records.DeepClone(),
        };
        return new JsonObject
        {
            ["id"] = $"{zone.Id}/{set.Type}/{set.RelativeName}",
            ["name"] = set.RelativeName,
            ["type"] = $"Microsoft.Network/dnszones/{set.Type}",
            ["etag"] = set.ETag,
            ["properties"] = properties,
        };
    }

    private enum RouteKind
    {
        Unknown,
        ZoneList,
        Zone,
        RecordSet,
    }

    /// <summary>What a path addresses. ARM matches segment names case-insensitively.</summary>
    private sealed record Route(RouteKind Kind, string? Subscription, string? ResourceGroup, string? Zone, string ResourceType, string? RelativeName)
    {
        public static Route Of(string[] s)
        {
            static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
            var sub = s.Length >= 2 && Is(s[0], "subscriptions") ? s[1] : null;
            if (s.Length == 5 && sub is not null && Is(s[2], "providers") && Is(s[3], "Microsoft.Network") && Is(s[4], "dnszones"))
            {
                return new(RouteKind.ZoneList, sub, null, null, "dnszones", null);
            }

            if (s.Length >= 7 && sub is not null && Is(s[2], "resourceGroups") && Is(s[4], "providers") && Is(s[5], "Microsoft.Network") && Is(s[6], "dnszones"))
            {
                var rg = s[3];
                return s.Length switch
                {
                    7 => new(RouteKind.ZoneList, sub, rg, null, "dnszones", null),
                    8 => new(RouteKind.Zone, sub, rg, s[7], "dnszone", null),
                    10 when RecordTypes.Contains(s[8].ToUpperInvariant()) => new(RouteKind.RecordSet, sub, rg, s[7], s[8].ToUpperInvariant(), Uri.UnescapeDataString(s[9])),
                    _ => new(RouteKind.Unknown, sub, rg, null, "unknown", null),
                };
            }

            return new(RouteKind.Unknown, sub, null, null, "unknown", null);
        }
    }
}
