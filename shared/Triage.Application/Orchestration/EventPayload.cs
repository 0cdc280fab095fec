using System.Text.Json;

namespace Triage.Application.Orchestration;

/// <summary>Reads an external event's payload as plain JSON: anyone can raise any event with any payload,
/// and one that does not deserialize must not fail the orchestration.</summary>
internal static class EventPayload
{
    /// <summary>A string property of <paramref name="payload"/>, whatever the case of its name (the hosts'
    /// serializers differ); null when it has none.</summary>
    public static string? String(JsonElement? payload, string name)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } e)
        {
            return null;
        }

        foreach (var p in e.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.String)
            {
                return p.Value.GetString();
            }
        }

        return null;
    }
}
