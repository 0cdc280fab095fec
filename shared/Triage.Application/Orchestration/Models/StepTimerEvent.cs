namespace Triage.Application.Orchestration;

/// <summary>The payload of <see cref="TriageEvents.StepTimer"/>: which of the step's points in time has
/// come (<c>reminder</c> or <c>deadline</c>, <see cref="Storage.StepTimer"/>) and the instant it names,
/// which the step takes only when it is its own (a timer left by an earlier execution names another).</summary>
public sealed record StepTimerEvent(string Kind, DateTimeOffset At);
