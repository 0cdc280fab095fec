using System.Text.Json;

namespace Triage.Contracts;

/// <summary>A change to the reference data was saved as <paramref name="Version"/>, now current (for
/// requests screened from now on). <paramref name="Fund"/>: the fund opened, as stored.</summary>
public sealed record ReferenceDataSaved(int Version, JsonElement? Fund = null);
