using System.Text.Json;

namespace Triage.Application.UseCases;

/// <summary>The result of a change of the reference data: the version saved, or why not (for
/// <see cref="ReferenceDataChangeStatus.Invalid"/>, the field and the loader's message naming file, entry
/// and field).</summary>
public sealed record ReferenceDataChangeResult(ReferenceDataChangeStatus Status, int Version = 0, string? Field = null, string? Message = null, JsonElement? Fund = null)
{
    public static ReferenceDataChangeResult Invalid(string field, string message) => new(ReferenceDataChangeStatus.Invalid, Field: field, Message: message);

    public static ReferenceDataChangeResult NotFound(string message) => new(ReferenceDataChangeStatus.NotFound, Message: message);

    public static ReferenceDataChangeResult Conflict(string message) => new(ReferenceDataChangeStatus.Conflict, Message: message);

    /// <summary>For a change whose body is one entry of a file's <paramref name="array"/> (a fund, a
    /// partner's status): a field of that entry named as the body's own (<c>capacityEur</c>, not
    /// <c>funds[5].capacityEur</c>).</summary>
    public ReferenceDataChangeResult WithinEntry(string array) =>
        Status == ReferenceDataChangeStatus.Invalid && Field is { } field && field.StartsWith(array + "[", StringComparison.Ordinal) && field.IndexOf("].", StringComparison.Ordinal) is var end and > 0
            ? this with { Field = field[(end + 2)..] }
            : this;
}
