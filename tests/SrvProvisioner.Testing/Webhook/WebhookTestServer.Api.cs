using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SrvProvisioner.Testing.Webhook;

/// <summary>Request handling: negotiation, faults, routing, the record store.</summary>
public sealed partial class WebhookTestServer
{
    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value is { Length: > 0 } p ? p : "/";
        var status = 500;
        try
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            if (!Speaks(request.Headers.Accept.ToString()))
            {
                throw new WebhookTestError(406, "client must provide an accept header of " + MediaType);
            }

            if (request.Method == "POST" && !Speaks(request.ContentType))
            {
                throw new WebhookTestError(415, "client must provide a content type of " + MediaType);
            }

            OnRequest?.Invoke(request.Method, path);
            var fault = Fault(request.Method, path);
            if (fault is { Kind: WebhookFaultKind.Slow })
            {
                await Task.Delay(fault.Delay, context.RequestAborted);
            }

            var (code, answer) = Dispatch(request.Method, path, body);
            if (fault is { Kind: WebhookFaultKind.LoseAnswer })
            {
                throw new WebhookTestError(500, "internal error after the request was served");
            }

            status = code;
            context.Response.StatusCode = code;
            if (answer is not null)
            {
                context.Response.ContentType = AnswerContentType;
                await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
            }
        }
        catch (WebhookTestError error)
        {
            status = error.Status;
            context.Response.StatusCode = error.Status;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(error.Message, context.RequestAborted);
        }
        finally
        {
            lock (_gate)
            {
                _log.Add($"{request.Method} {path} {status}");
            }
        }
    }

    private static bool Speaks(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        foreach (var part in header.Split(','))
        {
            if (MediaTypeHeaderValue.TryParse(part.Trim(), out var value)
                && string.Equals(value.MediaType, "application/external.dns.webhook+json", StringComparison.OrdinalIgnoreCase)
                && value.Parameters.Any(x => string.Equals(x.Name, "version", StringComparison.OrdinalIgnoreCase) && x.Value?.Trim('"') == "1"))
            {
                return true;
            }
        }

        return false;
    }

    private WebhookFaultRule? Fault(string method, string path)
    {
        WebhookFaultRule? fired;
        lock (_gate)
        {
            fired = _faults.FirstOrDefault(f => f.ShouldFire(method, path));
        }

        return fired?.Kind switch
        {
            WebhookFaultKind.ServiceUnavailable => throw new WebhookTestError(503, "the DNS host is unavailable, try again"),
            WebhookFaultKind.BadRequest => throw new WebhookTestError(400, "the DNS host refused the request"),
            _ => fired,
        };
    }

    private (int Status, JsonNode? Answer) Dispatch(string method, string path, string body) => (method, path) switch
    {
        ("GET", "/") => (200, JsonNode.Parse(DomainFilterJson)),
        ("GET", "/records") => (200, Records()),
        ("POST", "/adjustendpoints") => (200, Adjust(ParseList(body))),
        ("POST", "/records") => (ApplyChanges(ParseObject(body)), null),
        _ => throw new WebhookTestError(404, $"no route for {method} {path}"),
    };

    private JsonArray Records()
    {
        var filter = new WebhookDomainFilter(DomainFilterJson);
        lock (_gate)
        {
            return new JsonArray([.. _store.Where(e => filter.Matches(Name(e))).Select(e => (JsonNode?)e.DeepClone())]);
        }
    }

    private JsonArray Adjust(JsonArray endpoints)
    {
        foreach (var endpoint in endpoints.Select(Check))
        {
            var ttl = Ttl(endpoint);
            if (MinTtl is { } min && ttl < min)
            {
                endpoint["recordTTL"] = min;
            }

            if (TxtTargetsUnquoted && string.Equals(endpoint["recordType"]!.GetValue<string>(), "TXT", StringComparison.OrdinalIgnoreCase))
            {
                endpoint["targets"] = new JsonArray([.. endpoint["targets"]!.AsArray().Select(t => (JsonNode?)Unquoted(t!.GetValue<string>()))]);
            }
        }

        return endpoints;
    }

    /// <summary>Checks the whole request against the store, then applies it; nothing is written when anything is wrong.</summary>
    private int ApplyChanges(JsonObject changes)
    {
        var create = Section(changes, "create");
        var updateOld = Section(changes, "updateOld");
        var updateNew = Section(changes, "updateNew");
        var delete = Section(changes, "delete");
        if (updateOld.Count != updateNew.Count)
        {
            throw new WebhookTestError(400, $"updateOld has {updateOld.Count} endpoints and updateNew {updateNew.Count}; they are paired by index");
        }

        var filter = new WebhookDomainFilter(DomainFilterJson);
        foreach (var endpoint in create.Concat(updateOld).Concat(updateNew).Concat(delete))
        {
            if (!filter.Matches(Name(endpoint)))
            {
                throw new WebhookTestError(400, $"{Name(endpoint)} is outside the domain filter");
            }
        }

        lock (_gate)
        {
            foreach (var endpoint in create)
            {
                if (_store.Any(e => Key(e) == Key(endpoint)))
                {
                    throw new WebhookTestError(409, $"{Name(endpoint)} {endpoint["recordType"]} already exists");
                }
            }

            for (var i = 0; i < updateOld.Count; i++)
            {
                if (Key(updateOld[i]) != Key(updateNew[i]))
                {
                    throw new WebhookTestError(400, $"updateOld[{i}] and updateNew[{i}] are different records");
                }

                RequireStored(updateOld[i], "updateOld");
            }

            foreach (var endpoint in delete)
            {
                RequireStored(endpoint, "delete");
            }

            foreach (var endpoint in delete.Concat(updateOld))
            {
                _store.RemoveAll(e => Key(e) == Key(endpoint));
            }

            _store.AddRange(create.Concat(updateNew).Select(e => (JsonObject)e.DeepClone()));
            _writes.Add((JsonObject)changes.DeepClone());
        }

        return 204;
    }

    private void RequireStored(JsonObject endpoint, string section)
    {
        var stored = _store.FirstOrDefault(e => Key(e) == Key(endpoint));
        if (stored is null || Canonical(stored) != Canonical(endpoint))
        {
            throw new WebhookTestError(409, $"{section} {Name(endpoint)} {endpoint["recordType"]} does not match the stored record");
        }
    }

    /// <summary>An endpoint's content in one comparable form: members sorted, targets sorted, absent = empty.</summary>
    private static string Canonical(JsonObject endpoint)
    {
        var targets = endpoint["targets"]?.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>();
        var labels = (endpoint["labels"] as JsonObject)?.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}") ?? Enumerable.Empty<string>();
        var specific = (endpoint["providerSpecific"] as JsonArray)?.Select(n => $"{n!["name"]}={n["value"]}").Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>();
        return string.Join("|", Key(endpoint), string.Join(",", targets), Ttl(endpoint), string.Join(",", labels), string.Join(",", specific));
    }

    /// <summary>recordTTL as a number, whether it came from a request body or from a test's own JsonObject (0 when absent).</summary>
    private static long Ttl(JsonObject endpoint) =>
        endpoint["recordTTL"] is { } ttl ? long.Parse(ttl.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static string Name(JsonObject endpoint) => endpoint["dnsName"]?.GetValue<string>() ?? string.Empty;

    private static List<JsonObject> Section(JsonObject changes, string name) =>
        changes[name] switch
        {
            null => [],
            JsonArray array => [.. array.Select(n => Check(n as JsonObject ?? throw new WebhookTestError(400, $"{name} holds something that is not an endpoint")))],
            _ => throw new WebhookTestError(400, $"{name} is not a list"),
        };

    /// <summary>The protocol's endpoint shape: a name without trailing dot, a type, at least one target.</summary>
    private static JsonObject Check(JsonNode? node)
    {
        var endpoint = node as JsonObject ?? throw new WebhookTestError(400, "an endpoint must be an object");
        var name = Name(endpoint);
        if (name.Length == 0 || name.EndsWith('.'))
        {
            throw new WebhookTestError(400, $"dnsName '{name}' must be a name without trailing dot");
        }

        if (string.IsNullOrEmpty(endpoint["recordType"]?.GetValue<string>()) || endpoint["targets"] is not JsonArray { Count: > 0 })
        {
            throw new WebhookTestError(400, $"{name} needs a recordType and targets");
        }

        if (string.Equals(endpoint["recordType"]!.GetValue<string>(), "TXT", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var target in endpoint["targets"]!.AsArray().Select(t => t?.GetValue<string>() ?? string.Empty))
            {
                CheckTxtTarget(name, target);
            }
        }

        return endpoint;
    }

    /// <summary>
    /// A TXT target as ExternalDNS's zone-file based providers take it (its rfc2136 provider
    /// parses <c>name ttl TXT target</c> as a zone-file line): presentation-form character-strings
    /// (RFC 1035 §5.1), each at most 255 bytes (§3.3). Refused with 400 like any bad endpoint.
    /// </summary>
    private static void CheckTxtTarget(string name, string target)
    {
        try
        {
            _ = Core.Dns.TxtRecordText.Parse(target);
        }
        catch (Core.Errors.InvalidInputException ex)
        {
            throw new WebhookTestError(400, $"{name} TXT target is not TXT data: {ex.Message}");
        }
    }

    /// <summary>A one-string quoted TXT target as a provider that stores raw text lists it: without quotes or escapes.</summary>
    private static string Unquoted(string target)
    {
        var strings = Core.Dns.TxtRecordText.Parse(target);
        return strings.Count == 1 ? System.Text.Encoding.UTF8.GetString(strings[0]) : target;
    }

    private static JsonObject ParseObject(string body) =>
        Parse(body) as JsonObject ?? throw new WebhookTestError(400, "the body must be a JSON object");

    private static JsonArray ParseList(string body) =>
        Parse(body) as JsonArray ?? throw new WebhookTestError(400, "the body must be a JSON list of endpoints");

    private static JsonNode? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new WebhookTestError(400, "the body is not JSON: " + ex.Message);
        }
    }
}
