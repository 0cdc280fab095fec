using Microsoft.DurableTask;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>
/// The approval steps of one run, one at a time: tell the approvers, then race the step's decision
/// against its reminder point, its deadline and a withdrawal; the losing timers are cancelled.
/// </summary>
internal sealed class ApprovalSteps
{
    private readonly TaskOrchestrationContext context;
    private readonly TriageInput input;
    private readonly RequestProgress progress;
    private readonly Task<WithdrawEvent> withdrawal;
    private readonly TaskOptions activityOptions;

    public ApprovalSteps(TaskOrchestrationContext context, TriageInput input, RequestProgress progress, Task<WithdrawEvent> withdrawal, TaskOptions activityOptions)
    {
        this.context = context;
        this.input = input;
        this.progress = progress;
        this.withdrawal = withdrawal;
        this.activityOptions = activityOptions;
    }

    /// <summary>Step <paramref name="index"/> of the request's steps, to its decision:
    /// <see cref="Decision.Cancelled"/> when the request was withdrawn.</summary>
    public async Task<Decision> AwaitDecisionAsync(int index, StepPlan step, decimal estimateEur)
    {
        var started = context.UtcNow();
        var deadline = started + step.Deadline;
        var reminderAt = started + step.Reminder;
        progress.PendingStep = step.Step;
        progress.Approvals[index] = progress.Approvals[index] with { Status = ApprovalStatus.Pending, Deadline = deadline };

        if (withdrawal.IsCompleted)
        {
            return Decision.Cancelled;
        }

        // NotifyApprovers writes the read model ("pending at this step") before anyone is told.
        await context.CallNotifyApproversAsync(
            Notification(step.Step, estimateEur, deadline, reminder: false)
                with { Progress = progress.Next($"step:{step.Step}:open", "approval", $"Waiting for {step.Step} until {deadline:O}") },
            activityOptions);

        StepDecision result;
        using (var cts = new CancellationTokenSource())
        {
            var decision = context.WaitForExternalEvent<StepDecision>(TriageEvents.Decision(step.Step), cts.Token);
            var expiry = context.CreateTimer(deadline.UtcDateTime, cts.Token);
            Task? reminder = reminderAt < deadline ? context.CreateTimer(reminderAt.UtcDateTime, cts.Token) : null;
            while (true)
            {
                Task[] racing = reminder is null ? [decision, expiry, withdrawal] : [decision, expiry, withdrawal, reminder];
                var winner = await Task.WhenAny(racing);
                if (winner == reminder)
                {
                    reminder = null;
                    await context.CallNotifyApproversAsync(Notification(step.Step, estimateEur, deadline, reminder: true), activityOptions);
                    await context.CallRecordProgressAsync(progress.Next($"step:{step.Step}:reminder", "approval", $"Reminder sent for {step.Step}"), activityOptions);
                    continue;
                }

                if (winner == decision)
                {
                    result = decision.Result;
                }
                else
                {
                    // Deadline or withdrawal: close the step in the Decisions table; if a person's
                    // decision got there first, theirs holds (first wins, whoever it is).
                    var reason = winner == expiry ? Decision.Expired : Decision.Cancelled;
                    result = await context.CallCloseStepAsync(new CloseStepInput(input.RequestId, step.Step, reason, context.UtcNow()), activityOptions);
                    if (winner == withdrawal)
                    {
                        result = result with { Decision = Decision.Cancelled };
                    }
                }

                cts.Cancel();
                break;
            }
        }

        progress.Approvals[index] = progress.Approvals[index] with
        {
            Status = result.Decision.ToStatus(),
            Approver = result.Approver == "system" ? null : result.Approver,
            DecidedAt = result.At,
            Comment = result.Comment,
        };
        // The decision is on the timeline already (written where it was taken); the next step's progress
        // or the finalizing one writes the approvals to the read model.
        progress.PendingStep = null;
        return result.Decision;
    }

    private NotifyApproversInput Notification(string step, decimal estimateEur, DateTimeOffset deadline, bool reminder) =>
        new(input.RequestId, input.Partner, input.Title, step, estimateEur, progress.Funding?.Plan ?? [], deadline, reminder, input.CorrelationId);
}
