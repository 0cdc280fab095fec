namespace Triage.Storage;

/// <summary>A point in time a waiting request must hear about (table <c>StepTimers</c>): an approval
/// step's reminder point (<see cref="Reminder"/>) or deadline (<see cref="Deadline"/>), or the end of the
/// wait for funds (step <see cref="FundsWait"/>, kind <see cref="Deadline"/>).</summary>
public sealed record StepTimer(string RequestId, string Step, string Kind, DateTimeOffset At)
{
    public const string Reminder = "reminder";
    public const string Deadline = "deadline";

    /// <summary>The step name of the wait for funds: not kebab-case, so no approval step can have it.</summary>
    public const string FundsWait = "(funds)";
}
