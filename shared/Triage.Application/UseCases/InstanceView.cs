namespace Triage.Application.UseCases;

/// <summary>An orchestration instance as an admin sees it.</summary>
public sealed record InstanceView(
    string Id,
    string Name,
    string RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? CustomStatus,
    string? Failure);
