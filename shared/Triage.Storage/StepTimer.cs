namespace Triage.Storage;

/// <summary>A point in time a waiting approval step must hear about (table <c>StepTimers</c>): its
/// reminder point (<see cref="Reminder"/>) or its deadline (<see cref="Deadline"/>).</summary>
public sealed record StepTimer(string RequestId, string Step, string Kind, DateTimeOffset At)
{
    public const string Reminder = "reminder";
    public const string Deadline = "deadline";
}
