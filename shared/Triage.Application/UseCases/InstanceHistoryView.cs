namespace Triage.Application.UseCases;

/// <summary>An instance and its history; <c>historyUnavailable</c> says why the history is missing when
/// the Durable Task backend cannot list it.</summary>
public sealed record InstanceHistoryView(InstanceView Instance, IReadOnlyList<HistoryEventView>? History, string? HistoryUnavailable);
