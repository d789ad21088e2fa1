using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SrvProvisioner.Core.Json;

/// <summary>
/// Writes and reads srvprov's JSON documents through <see cref="SrvprovJsonContext"/>: indented,
/// camelCase, null members left out, and the relaxed encoder, so <c>'</c>, <c>+</c>, <c>&lt;</c>
/// and non-ASCII text appear as themselves instead of <c>\u0027</c> escapes (control characters,
/// <c>"</c> and <c>\</c> are still escaped, so a document stays one valid JSON text).
/// </summary>
public static class SrvprovJson
{
    /// <summary>The context with the relaxed encoder (an encoder cannot be set in the source-generation attribute).</summary>
    public static SrvprovJsonContext Context { get; } = new(new JsonSerializerOptions(SrvprovJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize<T>(T document, Func<SrvprovJsonContext, JsonTypeInfo<T>> type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return JsonSerializer.Serialize(document, type(Context));
    }

    /// <summary>Reads a document; throws <see cref="JsonException"/> or <see cref="NotSupportedException"/> (unknown change kind) for what is not one.</summary>
    public static T? Deserialize<T>(string json, Func<SrvprovJsonContext, JsonTypeInfo<T>> type)
    {
        ArgumentNullException.ThrowIfNull(type);
        try
        {
            return JsonSerializer.Deserialize(json, type(Context));
        }
        catch (ArgumentException ex) when (ex.InnerException is System.Text.EncoderFallbackException)
        {
            // A string holding a lone UTF-16 surrogate is not text JSON can carry (RFC 8259 §8.1: UTF-8).
            throw new JsonException("the document holds text that is not valid Unicode", ex);
        }
    }
}
