namespace Triage.Domain;

/// <summary>An example request of docs/domain.md, with what the system is expected to make of it.</summary>
public sealed record Scenario(
    string Key,
    string Partner,
    string Title,
    string Summary,
    IReadOnlyList<LineItem> Items,
    string Expected);
