using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>
/// The approval steps of one run, one at a time: tell the approvers, then race the step's decision
/// against its reminder point, its deadline and a withdrawal. The reminder point and the deadline come
/// as <see cref="TriageEvents.StepTimer"/> events raised from the <c>StepTimers</c> table
/// (<c>RaiseDueStepTimers</c>, docs/decisions/0035); executions started under earlier revisions wait on
/// durable timers instead (revision 2: one at a time, the deadline's once the reminder point has passed).
/// At the reminder point a step with deputies is escalated to them: the read model marks the step
/// escalated (and to whom, which is what lets a deputy decide it), the notification goes to them, the
/// timeline says so. A decision event only says "look now": the decision applied is the one read back
/// from the insert-only <c>Decisions</c> table (<c>ReadDecision</c>), and an event the table does not bear
/// out is logged and ignored while the step goes on waiting.
/// </summary>
internal sealed class ApprovalStepRace
{
    /// <summary>Decision events a step ignores (not borne out by the table) before it stops listening.</summary>
    public const int MaxIgnoredEvents = 20;

    // How the legacy path reads a StepDecision event, whichever host's serializer wrote it.
    private static readonly JsonSerializerOptions EventJson = new() { PropertyNameCaseInsensitive = true, IncludeFields = true };

    private readonly TaskOrchestrationContext context;
    private readonly TriageInput input;
    private readonly RequestProgress progress;
    private readonly Task<WithdrawEvent> withdrawal;
    private readonly TaskOptions activityOptions;

    public ApprovalStepRace(TaskOrchestrationContext context, TriageInput input, RequestProgress progress, Task<WithdrawEvent> withdrawal, TaskOptions activityOptions)
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
        progress.Approvals[index] = progress.Approvals[index] with
        {
            Status = ApprovalStatus.Pending,
            Deadline = deadline,
            Since = started,
            ReminderAt = reminderAt < deadline ? reminderAt : null,
        };

        if (withdrawal.IsCompleted)
        {
            return Decision.Cancelled;
        }

        // NotifyApprovers writes the read model ("pending at this step") before anyone is told.
        await context.CallNotifyApproversAsync(
            Notification(step.Step, estimateEur, deadline, reminder: false)
                with { Progress = progress.Next($"step:{step.Step}:open", "approval", $"Waiting for {step.Step} until {deadline:O}") },
            activityOptions);

        StepDecision? result = null;
        var eventName = TriageEvents.Decision(step.Step);
        using (var cts = new CancellationTokenSource())
        {
            // The payload is read as plain JSON: an event anyone raised with any payload must not be able
            // to fail the orchestration by not deserializing.
            Task<JsonElement?>? decision = context.WaitForExternalEvent<JsonElement?>(eventName, cts.Token);
            Task? expiry = null;
            Task? reminder = null;
            Task<JsonElement?>? timer = null;
            var reminderDue = reminderAt < deadline;
            if (input.Revision >= 3)
            {
                // No durable timer: the step's reminder point and deadline are rows of the StepTimers
                // table (written with the read model by NotifyApprovers), raised as events when due.
                timer = context.WaitForExternalEvent<JsonElement?>(TriageEvents.StepTimer(step.Step), cts.Token);
            }
            else if (input.Revision < 2)
            {
                // Executions started before one timer at a time: both timers, in the order they recorded.
                expiry = context.CreateTimer(deadline.UtcDateTime, cts.Token);
                reminder = reminderDue ? context.CreateTimer(reminderAt.UtcDateTime, cts.Token) : null;
            }
            else
            {
                // Revision 2, one durable timer at a time: the deadline's is made once the reminder fired.
                reminder = reminderDue ? context.CreateTimer(reminderAt.UtcDateTime, cts.Token) : null;
                expiry = reminder is null ? context.CreateTimer(deadline.UtcDateTime, cts.Token) : null;
            }

            var ignored = 0;

            // Bounded: one reminder, at most MaxIgnoredEvents decision events the table does not bear out,
            // then the decision, the deadline or a withdrawal. (Timer events are raised from rows, at most
            // one per row and sweep, and a stale one is only logged.)
            while (result is null)
            {
                // In this order, as before: a decision that came with the deadline is looked at first.
                Task[] racing = [.. Racing(decision), .. Racing(expiry), withdrawal, .. Racing(reminder), .. Racing(timer)];
                var winner = await Task.WhenAny(racing);
                var expired = winner == expiry;
                if (winner == reminder)
                {
                    reminder = null;
                    reminderDue = false;
                    await RemindOrEscalateAsync(index, step, estimateEur, deadline);
                    expiry ??= context.CreateTimer(deadline.UtcDateTime, cts.Token);
                    continue;
                }

                if (winner == timer)
                {
                    var (kind, at) = StepTimerEvent.Read(timer.Result);
                    if (kind == StepTimer.Reminder && reminderDue && at == reminderAt)
                    {
                        reminderDue = false;
                        await RemindOrEscalateAsync(index, step, estimateEur, deadline);
                    }
                    else if (kind == StepTimer.Deadline && at == deadline)
                    {
                        expired = true;
                    }
                    else
                    {
                        // Raised again after it was handled, or left by an earlier execution at this step.
                        context.CreateReplaySafeLogger<TriageOrchestration>().LogInformation(
                            "Request {RequestId}: a {Kind} timer at {At} for {Step} is not this step's; ignored", input.RequestId, kind, at, step.Step);
                    }

                    if (!expired)
                    {
                        timer = context.WaitForExternalEvent<JsonElement?>(TriageEvents.StepTimer(step.Step), cts.Token);
                        continue;
                    }
                }

                if (winner == decision)
                {
                    result = await RecordedDecisionAsync(step.Step, decision.Result);
                    if (result is null)
                    {
                        // Not borne out by the table: wait for the next event, the deadline or a withdrawal.
                        // After too many, stop listening (each costs an activity and history): a decision
                        // recorded meanwhile still holds, as CloseStep finds it at the deadline.
                        decision = ++ignored < MaxIgnoredEvents ? context.WaitForExternalEvent<JsonElement?>(eventName, cts.Token) : null;
                    }
                }
                else
                {
                    // Deadline or withdrawal: close the step in the Decisions table; if a person's
                    // decision got there first, theirs holds (first wins, whoever it is).
                    var reason = expired ? Decision.Expired : Decision.Cancelled;
                    var closed = await context.CallCloseStepAsync(new CloseStepInput(input.RequestId, step.Step, reason, context.UtcNow(), input.Generation), activityOptions);
                    result = winner == withdrawal ? closed with { Decision = Decision.Cancelled } : closed;
                }
            }

            cts.Cancel();
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

    /// <summary>The reminder point: a step with deputies is escalated to them, one without is reminded.
    /// The read model is written by the notifying activity first (so a deputy who answers at once finds the
    /// step escalated), then again by <c>RecordProgress</c> (a no-op: the same version and timeline key),
    /// which keeps the activity calls in the order earlier executions recorded.</summary>
    private async Task RemindOrEscalateAsync(int index, StepPlan step, decimal estimateEur, DateTimeOffset deadline)
    {
        IReadOnlyList<string>? deputies = step.Deputies is { Count: > 0 } d ? d : null;
        RecordProgressInput written;
        if (deputies is null)
        {
            progress.Approvals[index] = progress.Approvals[index] with { RemindedAt = context.UtcNow() };
            written = progress.Next($"step:{step.Step}:reminder", "approval", $"Reminder sent for {step.Step}");
        }
        else
        {
            progress.Approvals[index] = progress.Approvals[index] with { Escalated = true, EscalatedAt = context.UtcNow(), EscalatedTo = deputies };
            written = progress.Next($"step:{step.Step}:escalated", "escalation", $"{step.Step} undecided at its reminder point: escalated to its {deputies.Count} deputy(ies)");
        }

        await context.CallNotifyApproversAsync(Notification(step.Step, estimateEur, deadline, reminder: true) with { EscalatedTo = deputies, Progress = written }, activityOptions);
        await context.CallRecordProgressAsync(written, activityOptions);
    }

    /// <summary>The decision a decision event stands for: the row of the step in this execution, when
    /// it holds the approve or reject the event says; null (and logged) otherwise.</summary>
    private async Task<StepDecision?> RecordedDecisionAsync(string step, JsonElement? payload)
    {
        if (input.Revision < 1)
        {
            // Executions started before decisions were read back: their histories go straight from the
            // event to the next activity, so they keep applying the event as it came.
            return LegacyDecision(payload);
        }

        var log = context.CreateReplaySafeLogger<TriageOrchestration>();
        var said = DecisionWords.Parse(EventPayload.String(payload, "decision"));
        if (said is not (Decision.Approve or Decision.Reject))
        {
            log.LogWarning("Request {RequestId}: a decision event for {Step} without approve or reject was ignored", input.RequestId, step);
            return null;
        }

        var recorded = await context.CallReadDecisionAsync(new ReadDecisionInput(input.RequestId, step, input.Generation), activityOptions);
        if (recorded is null || recorded.Decision != said)
        {
            log.LogWarning(
                "Request {RequestId}: a decision event ({Decision}) for {Step} was ignored: the Decisions table holds {Recorded}",
                input.RequestId, said.Value.ToWire(), step, recorded is null ? "no decision" : recorded.Decision.ToWire());
            return null;
        }

        return recorded;
    }

    private static Task[] Racing(Task? task) => task is null ? [] : [task];

    private NotifyApproversInput Notification(string step, decimal estimateEur, DateTimeOffset deadline, bool reminder) =>
        new(input.RequestId, input.Partner, input.Title, step, estimateEur, progress.Funding?.Plan ?? [], deadline, reminder, input.CorrelationId, Generation: input.Generation);

    private static StepDecision? LegacyDecision(JsonElement? payload)
    {
        try
        {
            return payload is { ValueKind: JsonValueKind.Object } e ? e.Deserialize<StepDecision>(EventJson) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
