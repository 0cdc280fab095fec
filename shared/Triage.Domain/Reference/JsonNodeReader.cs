using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;

namespace Triage.Domain;

/// <summary>
/// A JSON object inside a reference data file, with enough context (file, entry) to name it in
/// errors: typed, strict readers for its fields (strings, ids, numbers, euros, ISO 8601 durations,
/// string lists, nested objects and arrays of entries), each failing with a
/// <see cref="ReferenceDataException"/> that names the file, the entry and the field.
/// </summary>
internal readonly record struct JsonNodeReader(string File, string Entry, JsonElement Element)
{
    /// <summary>The entry name of a file's top-level object.</summary>
    public const string Root = "(root)";

    public ReferenceDataException Error(string field, string problem) => new(File, Entry, field, problem);

    public void OnlyFields(params string[] fields)
    {
        foreach (var property in Element.EnumerateObject())
        {
            if (property.Name != "note" && !fields.Contains(property.Name))
            {
                throw Error(property.Name, $"unknown field; expected {string.Join(", ", fields)} (and an optional note)");
            }
        }
    }

    public IEnumerable<JsonNodeReader> Entries(string field, string? key)
    {
        var array = Get(field);
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Error(field, $"expected an array, got {Describe(array)}");
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var label = $"#{index}";
            if (key is not null && item.ValueKind == JsonValueKind.Object && item.TryGetProperty(key, out var k) && k.ValueKind == JsonValueKind.String)
            {
                label = $"'{k.GetString()}' (#{index})";
            }

            var name = Entry == Root ? $"{field} {label}" : $"{Entry} {field} {label}";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new ReferenceDataException(File, name, field, $"expected an object, got {Describe(item)}");
            }

            index++;
            yield return new JsonNodeReader(File, name, item);
        }
    }

    public JsonNodeReader Object(string field)
    {
        var value = Get(field);
        return value.ValueKind == JsonValueKind.Object
            ? new JsonNodeReader(File, Entry == Root ? field : $"{Entry} {field}", value)
            : throw Error(field, $"expected an object, got {Describe(value)}");
    }

    public string String(string field)
    {
        var value = Get(field);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Error(field, $"expected a string, got {Describe(value)}");
        }

        var text = value.GetString()!;
        return string.IsNullOrWhiteSpace(text) ? throw Error(field, "must not be empty") : text;
    }

    public string Id(string field, Regex pattern, string what)
    {
        var text = String(field);
        return pattern.IsMatch(text) ? text : throw Error(field, $"'{text}' is not {what}");
    }

    public string? OptionalString(string field) =>
        Element.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? String(field) : null;

    public bool Bool(string field)
    {
        var value = Get(field);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(field, $"expected true or false, got {Describe(value)}"),
        };
    }

    public bool? OptionalBool(string field) =>
        Element.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? Bool(field) : null;

    public decimal Decimal(string field)
    {
        var value = Get(field);
        return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d)
            ? d
            : throw Error(field, $"expected a number, got {Describe(value)}");
    }

    public int Int(string field)
    {
        var value = Get(field);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)
            ? i
            : throw Error(field, $"expected a whole number, got {Describe(value)}");
    }

    public int? OptionalInt(string field) =>
        Element.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? Int(field) : null;

    /// <summary>A non-negative amount in whole euros.</summary>
    public decimal Euros(string field)
    {
        var amount = Decimal(field);
        return amount >= 0 && amount == decimal.Truncate(amount) && amount <= 1_000_000_000_000m
            ? amount
            : throw Error(field, $"expected whole euros from 0 to 10^12, got {amount.ToString(CultureInfo.InvariantCulture)}");
    }

    public decimal? OptionalEuros(string field) =>
        Element.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? Euros(field) : null;

    public TimeSpan Duration(string field)
    {
        var text = String(field);
        TimeSpan span;
        try
        {
            span = XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            throw Error(field, $"'{text}' is not an ISO 8601 duration such as PT30S or P5D");
        }

        return span > TimeSpan.Zero ? span : throw Error(field, $"'{text}' must be longer than zero");
    }

    public List<string> Strings(string field, bool allowEmpty)
    {
        var value = Get(field);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error(field, $"expected an array of strings, got {Describe(value)}");
        }

        var result = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                throw Error(field, $"expected non-empty strings, got {Describe(item)}");
            }

            var text = item.GetString()!;
            if (result.Contains(text, StringComparer.Ordinal))
            {
                throw Error(field, $"'{text}' is listed twice");
            }

            result.Add(text);
        }

        return result.Count == 0 && !allowEmpty ? throw Error(field, "must not be empty") : result;
    }

    private JsonElement Get(string field) =>
        Element.TryGetProperty(field, out var value) ? value : throw Error(field, "missing");

    private static string Describe(JsonElement value) =>
        value.ValueKind switch
        {
            JsonValueKind.String => $"the string \"{value.GetString()}\"",
            JsonValueKind.Number => $"the number {value.GetRawText()}",
            JsonValueKind.Null => "null",
            JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => value.ValueKind.ToString(),
        };
}
