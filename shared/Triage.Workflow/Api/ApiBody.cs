using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Triage.Workflow.Api;

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

    // The serializer's messages name .NET types; the client gets the field and what was expected instead.
    private static IResult Describe(JsonException ex, JsonTypeInfo root)
    {
        var field = FieldPath(ex.Path);
        var message = ex.Message;
        var unmapped = UnmappedProperty().Match(message);
        if (unmapped.Success)
        {
            var name = Problems.Shorten(unmapped.Groups["name"].Value, 64);
            var path = field == "$" ? name : $"{field}.{name}";
            return Problems.Validation(path, "unknown property");
        }

        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            var target = ConvertTarget().Match(message);
            return Problems.Validation(field, $"must be {Expected(target.Success ? target.Groups["type"].Value : "")}");
        }

        if (message.Contains("uplicate", StringComparison.Ordinal))
        {
            return Problems.Validation(field, "appears more than once");
        }

        var where = ex.LineNumber is { } line ? $" at line {line + 1}, byte {ex.BytePositionInLine + 1}" : "";
        return Problems.MalformedJson(field, $"malformed JSON{where}; a {root.Type.Name} object was expected");
    }

    private static string FieldPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "$";
        }

        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return Problems.Shorten(trimmed, 200);
    }

    private static string Expected(string clrType) => clrType switch
    {
        var t when t.StartsWith("System.Int", StringComparison.Ordinal) => "a whole number in range",
        "System.Decimal" or "System.Double" => "a number in range",
        "System.String" => "a string",
        "System.Boolean" => "true or false",
        "System.DateOnly" => "a date (YYYY-MM-DD)",
        "System.DateTimeOffset" or "System.DateTime" => "a date and time (ISO 8601)",
        var t when t.Contains("List", StringComparison.Ordinal) || t.EndsWith("[]", StringComparison.Ordinal) => "an array",
        _ => "an object of the documented shape",
    };

    [GeneratedRegex("property '(?<name>.*)' could not be mapped", RegexOptions.Singleline, matchTimeoutMilliseconds: 100)]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex("could not be converted to (?<type>[A-Za-z0-9_.`\\[\\]]+)", RegexOptions.None, matchTimeoutMilliseconds: 100)]
    private static partial Regex ConvertTarget();
}
