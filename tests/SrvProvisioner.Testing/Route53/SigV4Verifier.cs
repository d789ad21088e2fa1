using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace SrvProvisioner.Testing.Route53;

/// <summary>
/// Checks an AWS Signature Version 4 <c>Authorization</c> header the way AWS does ("Create a
/// signed AWS API request", IAM User Guide): rebuilds the canonical request from what arrived
/// on the wire (method, path with each segment URI-encoded again, sorted query, the signed
/// headers, the body's SHA-256), the string to sign and the signing key, and compares
/// signatures. Independent of the SDK on purpose: it is the other side of the contract.
/// </summary>
internal sealed class SigV4Verifier
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    private readonly IReadOnlyDictionary<string, (string Secret, string? SessionToken)> _keys;

    public SigV4Verifier(IReadOnlyDictionary<string, (string Secret, string? SessionToken)> keys)
    {
        _keys = keys;
    }

    /// <summary>Throws an <see cref="EmulatorErrorException"/> (403) when the request is not correctly signed.</summary>
    public void Verify(string method, string rawPath, string rawQuery, IReadOnlyDictionary<string, string> headers, byte[] body, DateTimeOffset now)
    {
        if (!headers.TryGetValue("authorization", out var authorization) || authorization.Length == 0)
        {
            throw Forbidden("MissingAuthenticationToken", "Missing Authentication Token");
        }

        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            throw Forbidden("IncompleteSignature", $"Authorization header requires '{Algorithm}' signing.");
        }

        var parts = authorization[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaderList) || !parts.TryGetValue("Signature", out var signature))
        {
            throw Forbidden("IncompleteSignature", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            throw Forbidden("IncompleteSignature", $"Credential '{credential}' is malformed.");
        }

        if (!_keys.TryGetValue(scope[0], out var key))
        {
            throw Forbidden("InvalidClientTokenId", "The security token included in the request is invalid.");
        }

        if (scope[2] != "us-east-1" || scope[3] != "route53")
        {
            throw Forbidden("SignatureDoesNotMatch", $"Credential should be scoped to a valid region and service: expected us-east-1/route53, got {scope[2]}/{scope[3]}.");
        }

        var signedHeaders = signedHeaderList.Split(';');
        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            throw Forbidden("SignatureDoesNotMatch", "The host and x-amz-date headers must be signed.");
        }

        if (!headers.TryGetValue("x-amz-date", out var amzDate)
            || !DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || amzDate[..8] != scope[1])
        {
            throw Forbidden("SignatureDoesNotMatch", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.");
        }

        if ((now - signedAt).Duration() > MaxSkew)
        {
            throw Forbidden("SignatureDoesNotMatch", $"Signature expired: {amzDate} is now earlier or later than 15 minutes from now.");
        }

        if (key.SessionToken is not null && (!headers.TryGetValue("x-amz-security-token", out var token) || token != key.SessionToken || !signedHeaders.Contains("x-amz-security-token")))
        {
            throw Forbidden("InvalidClientTokenId", "The security token included in the request is invalid.");
        }

        var payloadHash = Hex(SHA256.HashData(body));
        if (headers.TryGetValue("x-amz-content-sha256", out var claimed) && claimed != payloadHash)
        {
            throw new EmulatorErrorException(HttpStatusCode.BadRequest, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        var canonicalHeaders = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            if (!headers.TryGetValue(name, out var value))
            {
                throw Forbidden("SignatureDoesNotMatch", $"Signed header '{name}' is missing from the request.");
            }

            canonicalHeaders.Append(name).Append(':').Append(string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }

        var canonicalRequest = string.Join('\n', method, CanonicalPath(rawPath), CanonicalQuery(rawQuery), canonicalHeaders.ToString(), signedHeaderList, payloadHash);
        var stringToSign = string.Join('\n', Algorithm, amzDate, string.Join('/', scope[1..]), Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var signingKey = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + key.Secret), scope[1]), scope[2]), scope[3]), "aws4_request");
        var expected = Hex(Hmac(signingKey, stringToSign));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            throw Forbidden("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }
    }

    /// <summary>Non-S3 services sign each path segment URI-encoded a second time.</summary>
    private static string CanonicalPath(string rawPath) =>
        rawPath.Length == 0 ? "/" : string.Join('/', rawPath.Split('/').Select(UriEncode));

    private static string CanonicalQuery(string rawQuery)
    {
        var q = rawQuery.TrimStart('?');
        if (q.Length == 0)
        {
            return string.Empty;
        }

        return string.Join('&', q.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Key: UriEncode(WebUtility.UrlDecode(p[0])), Value: UriEncode(WebUtility.UrlDecode(p.Length > 1 ? p[1] : string.Empty))))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>RFC 3986 percent-encoding of everything but unreserved characters, upper-case hex.</summary>
    private static string UriEncode(string text)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.' or '~')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static EmulatorErrorException Forbidden(string code, string message) => new(HttpStatusCode.Forbidden, code, message);
}
