using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.Storage;

/// <summary>In-memory engine, the background reconciler off (the tests sweep themselves) and no minimum
/// age, so that rows the tests wrote just now count as settled for the stage index's repair.</summary>
public sealed class StageRepairHostFixture : HostFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Policy:StepDeadline"] = "00:05:00",
        ["Policy:Reminder"] = "00:04:00",
        ["Reconciler:Interval"] = "0",
        ["Reconciler:MinimumAge"] = "0",
    };
}
