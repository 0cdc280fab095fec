namespace Triage.LoadDriver;

/// <summary>One row of the summary: what was measured, the figure, and the target it is held against.</summary>
internal sealed record Figure(string Section, string Measure, string Value, string? Target = null, bool? Met = null);
