using Microsoft.DurableTask;
using Triage.Application.Funds;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>
/// What one run of the orchestration knows about its request (the lifecycle, what the activities
/// returned, the approval steps) and the read-model writes made of it: <see cref="Next"/> is the write
/// for the activity that comes next, and sets the orchestration's custom status to match.
/// </summary>
internal sealed class RequestProgress
{
    private readonly TaskOrchestrationContext context;
    private readonly TriageInput input;
    private long version = 1; // the submit wrote version 1

    public RequestProgress(TaskOrchestrationContext context, TriageInput input)
    {
        this.context = context;
        this.input = input;
    }

    public RequestLifecycle Lifecycle { get; } = new();

    public EligibilityView? Eligibility { get; set; }

    public EstimateView? Estimate { get; set; }

    public Reservation? Funding { get; set; }

    /// <summary>The step waiting for a decision, if any.</summary>
    public string? PendingStep { get; set; }

    public List<ApprovalView> Approvals { get; set; } = [];

    /// <summary>The reference data version the request was screened with.</summary>
    public int? ReferenceVersion { get; set; }

    /// <summary>The end of the wait for funds, once the request has waited (written with the funding, so
    /// the <c>StepTimers</c> row of that limit is kept with the row; revision 4 on).</summary>
    public DateTimeOffset? FundsWaitUntil { get; set; }

    /// <summary>The next read-model write (and the timeline entry that explains it), for the activity
    /// that comes next; the custom status says the same.</summary>
    public RecordProgressInput Next(string key, string kind, string detail)
    {
        // Deterministic (replays see the same clock) and above any version of an earlier run of
        // this instance (an admin restart), which was written at an earlier time.
        version = Math.Max(version + 1, context.CurrentUtcDateTime.Ticks);
        context.SetCustomStatus(new TriageStatus(Lifecycle.Stage, PendingStep));
        var now = context.UtcNow();
        var update = new RequestUpdate(
            input.RequestId,
            input.Partner,
            version,
            now,
            Lifecycle.Copy(),
            PendingStep,
            Eligibility,
            Estimate,
            Funding is { } funding ? funding.ToView() with { WaitUntil = FundsWaitUntil } : null,
            Approvals,
            ReferenceVersion);
        return new RecordProgressInput(update, new TimelineEvent(input.RequestId, now, key, kind, detail), input.CorrelationId);
    }
}
