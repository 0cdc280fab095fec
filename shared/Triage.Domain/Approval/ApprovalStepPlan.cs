namespace Triage.Domain;

/// <summary>One step the request must pass, in order, with its timings and the deputies (approvers'
/// ids) it is escalated to when it is still undecided at its reminder point. Equal by value, the
/// deputies too.</summary>
public sealed record ApprovalStepPlan(string Step, TimeSpan Deadline, TimeSpan Reminder, IReadOnlyList<string> Deputies)
{
    public bool Equals(ApprovalStepPlan? other) =>
        other is not null && Step == other.Step && Deadline == other.Deadline && Reminder == other.Reminder && Deputies.SequenceEqual(other.Deputies);

    public override int GetHashCode() => HashCode.Combine(Step, Deadline, Reminder, Deputies.Count);
}
