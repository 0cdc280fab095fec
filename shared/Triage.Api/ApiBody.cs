using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Triage.Api;

/// <summary>
/// Reads a JSON body with the checks every POST shares: JSON content type (415), at most
/// <see cref="TriageApi.MaxBodyBytes"/> bytes (413), well-formed UTF-8 JSON of the contract's shape
/// with no unknown or duplicate properties (400, naming the field).
/// </summary>
internal static partial class ApiBody
{
    public static async Task<(object? Value, IResult? Problem)> ReadAsync(HttpContext context, Type type)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            return (null, Problems.UnsupportedMedia(request.ContentType));
        }

        if (request.ContentLength > TriageApi.MaxBodyBytes)
        {
            return (null, Problems.TooLarge(TriageApi.MaxBodyBytes));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(TriageApi.MaxBodyBytes + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length, TriageApi.MaxBodyBytes + 1 - length), context.RequestAborted)) > 0)
            {
                length += read;
                if (length > TriageApi.MaxBodyBytes)
                {
                    return (null, Problems.TooLarge(TriageApi.MaxBodyBytes));
                }
            }

            if (length == 0)
            {
                return (null, Problems.Validation("$", "a JSON object is required"));
            }

            var typeInfo = ApiJsonContext.Default.GetTypeInfo(type) ?? throw new InvalidOperationException($"{type.Name} is not in {nameof(ApiJsonContext)}.");
            object? value;
            try
            {
                value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), typeInfo);
            }
            catch (JsonException ex)
            {
                return (null, Describe(ex, typeInfo));
            }

            return value is null ? (null, Problems.Validation("$", "a JSON object is required, not null")) : (value, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            return false;
        }

        var json = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        var charset = media.Charset.Value;
        return json && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    // The serializer's messages name .NET types (often the containing one); the client gets the field
    // and what it should have been, found by walking the path through the contract's metadata.
    private static IResult Describe(JsonException ex, JsonTypeInfo root)
    {
        var field = FieldPath(ex.Path);
        var message = ex.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return Problems.Validation(field, "unknown property");
        }

        if (message.Contains("uplicate", StringComparison.Ordinal))
        {
            return Problems.Validation(field, "appears more than once");
        }

        if (ex.InnerException is InvalidOperationException { Message: var inner } && inner.Contains("UTF-8", StringComparison.Ordinal))
        {
            return Problems.Validation(field, "must be valid UTF-8 text");
        }

        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            var target = TypeAt(root, ex.Path);
            return Problems.Validation(field, target is null ? "has the wrong type" : $"must be {Expected(target)}");
        }

        var where = ex.LineNumber is { } line ? $" at line {line + 1}, byte {ex.BytePositionInLine + 1}" : "";
        return Problems.MalformedJson(field, $"malformed JSON{where}");
    }

    /// <summary>The type the contract expects at a serializer path such as <c>$.items[0].participants</c>.</summary>
    internal static Type? TypeAt(JsonTypeInfo root, string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return null;
        }

        var info = root;
        foreach (Match segment in PathSegment().Matches(path[1..]))
        {
            Type? next;
            if (segment.Groups["index"].Success)
            {
                next = info.ElementType;
            }
            else
            {
                var name = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value;
                next = info.Properties.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
            }

            if (next is null)
            {
                return null;
            }

            info = ApiJsonContext.Default.GetTypeInfo(Nullable.GetUnderlyingType(next) ?? next)!;
            if (info is null)
            {
                return next;
            }
        }

        return info.Type;
    }

    private static string Expected(Type type) => type switch
    {
        _ when type == typeof(int) => "a whole number (of a sensible size)",
        _ when type == typeof(decimal) => "a number",
        _ when type == typeof(string) => "a string",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(DateOnly) => "a date (YYYY-MM-DD)",
        _ when type == typeof(DateTimeOffset) => "a date and time (ISO 8601)",
        _ when type != typeof(string) && type.IsAssignableTo(typeof(System.Collections.IEnumerable)) => "an array",
        _ => "an object",
    };

    private static string FieldPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "$";
        }

        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return Problems.Shorten(trimmed, 200);
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]|\['(?<quoted>[^']*)'\]", RegexOptions.None, matchTimeoutMilliseconds: 100)]
    private static partial Regex PathSegment();
}
