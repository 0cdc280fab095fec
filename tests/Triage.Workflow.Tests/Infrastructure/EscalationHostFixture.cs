namespace Triage.Workflow.Tests.Infrastructure;

/// <summary>In-memory engine where every step reaches its reminder point (and is escalated) after two
/// seconds, with a minute left before the deadline for the deputies to decide.</summary>
public sealed class EscalationHostFixture : HostFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Policy:StepDeadline"] = "00:01:00",
        ["Policy:Reminder"] = "00:00:02",
        ["Policy:FundsWaitLimit"] = "00:05:00",
    };
}
