using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Triage.Domain;
using Triage.Application.Funds;
using Triage.Storage;
using Triage.Contracts;
using Triage.Application.UseCases;

namespace Triage.Application.Orchestration;

/// <summary>
/// One request's way through the pipeline (docs/architecture.md, "The pipeline"); instance id = request id. Control flow only:
/// every read and write is an activity, time is the orchestration's clock, logging is replay-safe.
/// A withdrawal is waited for from the start and honoured at every stage until the outcome.
/// </summary>
public sealed class TriageOrchestration : TaskOrchestrator<TriageInput, TriageResult>
{
    public override Task<TriageResult> RunAsync(TaskOrchestrationContext context, TriageInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return new Run(context, input).ExecuteAsync();
    }

    /// <summary>Every activity gets the same bounded retry: storage hiccups are retried, a real fault
    /// ends the request as Failed (with its funds released) instead of retrying forever.</summary>
    public static TaskOptions ActivityOptions(ActivityRetry? retry) => TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: retry?.MaxAttempts ?? 5,
        firstRetryInterval: retry?.FirstRetry ?? TimeSpan.FromSeconds(1),
        backoffCoefficient: 2.0,
        maxRetryInterval: TimeSpan.FromSeconds(15)));

    private sealed class Run
    {
        private readonly TaskOrchestrationContext context;
        private readonly TriageInput input;
        private readonly RequestLifecycle lifecycle = new();
        private readonly Task<WithdrawEvent> withdrawal;
        private readonly TaskOptions activityOptions;
        private List<ApprovalView> approvals = [];
        private EligibilityView? eligibility;
        private EstimateView? estimate;
        private Reservation? funding;
        private string? pendingStep;
        private long version = 1; // the submit wrote version 1
        private bool finishing;

        public Run(TaskOrchestrationContext context, TriageInput input)
        {
            this.context = context;
            this.input = input;
            withdrawal = context.WaitForExternalEvent<WithdrawEvent>(TriageEvents.Withdraw);
            activityOptions = ActivityOptions(input.Retry);
        }

        private DateTimeOffset Now => new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));

        private bool Withdrawn => withdrawal.IsCompleted;

        public async Task<TriageResult> ExecuteAsync()
        {
            try
            {
                return await PipelineAsync();
            }
            catch (TaskFailedException ex) when (!finishing)
            {
                context.CreateReplaySafeLogger<TriageOrchestration>().LogError("Request {RequestId} failed in {Stage}: {Error}", input.RequestId, lifecycle.Stage, ex.FailureDetails?.ErrorMessage ?? ex.Message);
                return await FinishAsync(Outcome.Failed, $"Failed in {lifecycle.Stage}: {ex.FailureDetails?.ErrorType ?? "error"}");
            }
        }

        private async Task<TriageResult> PipelineAsync()
        {
            lifecycle.StartScreening();
            var screen = await CallAsync<ScreenOutput>(nameof(ScreenRequest), new ScreenInput(
                input.RequestId, input.Partner, input.Items, Progress("stage:Screening", "stage", "Screening started")));
            eligibility = screen.View;
            if (screen.Ineligible)
            {
                return await FinishAsync(Outcome.Ineligible, "Ineligible: " + string.Join(", ", screen.View.Reasons.Select(r => r.Code).Distinct()));
            }

            if (Withdrawn)
            {
                return await WithdrawnAsync();
            }

            lifecycle.StartCosting();
            var cost = await CallAsync<EstimateOutput>(nameof(EstimateCost), new EstimateInput(
                input.RequestId, input.Partner, input.Items, screen.EligibleItems, screen.PoliticalReview,
                Progress("stage:Costing", "stage", $"Screened {screen.View.Result}; costing {screen.EligibleItems.Count} item(s)")));
            estimate = cost.View;
            approvals = [.. cost.Steps.Select(s => new ApprovalView(s.Step, ApprovalStatus.NotReached, null, null, null, null))];

            if (Withdrawn)
            {
                return await WithdrawnAsync();
            }

            lifecycle.StartFunding();
            var fundingProgress = Progress("stage:Funding", "stage", $"Estimated €{Eur(cost.View.TotalEur)}; steps: {string.Join(", ", cost.Steps.Select(s => s.Step))}");
            DateTimeOffset? fundsDeadline = null;
            for (var attempt = 1; ; attempt++)
            {
                funding = await CallAsync<Reservation>(nameof(ReserveFunds), new ReserveInput(input.RequestId, input.Partner, cost.Items, Now, input.CorrelationId, fundingProgress));
                if (funding.Reserved)
                {
                    break;
                }

                fundsDeadline ??= Now + cost.FundsWaitLimit;
                if (lifecycle.Stage != Stage.AwaitingFunds)
                {
                    lifecycle.AwaitFunds();
                }

                await ProgressAsync($"funds:short:{attempt}", "funding", $"No full plan: €{Eur(funding.ShortfallEur)} short; waiting for funds until {fundsDeadline.Value:O}");
                using (var cts = new CancellationTokenSource())
                {
                    var changed = context.WaitForExternalEvent<FundsChangedEvent>(TriageEvents.FundsChanged, cts.Token);
                    var limit = context.CreateTimer(fundsDeadline.Value.UtcDateTime, cts.Token);
                    var winner = await Task.WhenAny(changed, limit, withdrawal);
                    cts.Cancel();
                    if (winner == withdrawal)
                    {
                        return await WithdrawnAsync();
                    }

                    if (winner == limit)
                    {
                        return await FinishAsync(Outcome.Unfunded, $"Unfunded: €{Eur(funding.ShortfallEur)} short when the wait for funds ended");
                    }
                }

                lifecycle.StartFunding();
                fundingProgress = Progress($"funds:retry:{attempt}", "funding", "Funds changed: planning again");
            }

            if (Withdrawn)
            {
                return await WithdrawnAsync();
            }

            lifecycle.AwaitApproval();

            for (var i = 0; i < cost.Steps.Count; i++)
            {
                var decision = await ApproveStepAsync(i, cost.Steps[i], cost.View.TotalEur);
                switch (decision)
                {
                    case Decision.Approve:
                        continue;
                    case Decision.Reject:
                        return await FinishAsync(Outcome.Rejected, $"Rejected at {cost.Steps[i].Step}");
                    case Decision.Expired:
                        return await FinishAsync(Outcome.Expired, $"No decision at {cost.Steps[i].Step} before the deadline");
                    default:
                        return await WithdrawnAsync();
                }
            }

            return await FinishAsync(Outcome.Approved, "Approved at every step");
        }

        /// <summary>One approval step: notify, then race the decision against the reminder point, the
        /// deadline and a withdrawal; the losing timers are cancelled.</summary>
        private async Task<Decision> ApproveStepAsync(int index, StepPlan step, decimal estimateEur)
        {
            var started = Now;
            var deadline = started + step.Deadline;
            var reminderAt = started + step.Reminder;
            pendingStep = step.Step;
            approvals[index] = approvals[index] with { Status = ApprovalStatus.Pending, Deadline = deadline };

            if (Withdrawn)
            {
                return Decision.Cancelled;
            }

            // NotifyApprovers writes the read model ("pending at this step") before anyone is told.
            await CallAsync<bool>(nameof(NotifyApprovers), Notification(step.Step, estimateEur, deadline, reminder: false)
                with { Progress = Progress($"step:{step.Step}:open", "approval", $"Waiting for {step.Step} until {deadline:O}") });

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
                        await CallAsync<bool>(nameof(NotifyApprovers), Notification(step.Step, estimateEur, deadline, reminder: true));
                        await ProgressAsync($"step:{step.Step}:reminder", "approval", $"Reminder sent for {step.Step}");
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
                        result = await CallAsync<StepDecision>(nameof(CloseStep), new CloseStepInput(input.RequestId, step.Step, reason, Now));
                        if (winner == withdrawal)
                        {
                            result = result with { Decision = Decision.Cancelled };
                        }
                    }

                    cts.Cancel();
                    break;
                }
            }

            var status = result.Decision.ToStatus();
            approvals[index] = approvals[index] with
            {
                Status = status,
                Approver = result.Approver == "system" ? null : result.Approver,
                DecidedAt = result.At,
                Comment = result.Comment,
            };
            // The decision is on the timeline already (DecideAsync); the next step's progress or the
            // finalizing one writes the approvals to the read model.
            pendingStep = null;
            return result.Decision;
        }

        private NotifyApproversInput Notification(string step, decimal estimateEur, DateTimeOffset deadline, bool reminder) =>
            new(input.RequestId, input.Partner, input.Title, step, estimateEur, funding?.Plan ?? [], deadline, reminder, input.CorrelationId);

        private Task<TriageResult> WithdrawnAsync() =>
            FinishAsync(Outcome.Withdrawn, $"Withdrawn by {withdrawal.Result.By}");

        /// <summary>Commit on approval, release on every other end; then the record and the partner.</summary>
        private async Task<TriageResult> FinishAsync(Outcome outcome, string detail)
        {
            finishing = true;
            if (lifecycle.Stage != Stage.Finalizing)
            {
                lifecycle.StartFinalizing();
            }

            var openStatus = outcome switch
            {
                Outcome.Expired => ApprovalStatus.Expired,
                _ => ApprovalStatus.Cancelled,
            };
            approvals = [.. approvals.Select(a => a.Status == ApprovalStatus.Pending ? a with { Status = openStatus } : a)];
            pendingStep = null;
            var settle = new FundsInput(input.RequestId, Now, input.CorrelationId, Progress("stage:Finalizing", "stage", detail));
            if (outcome == Outcome.Approved)
            {
                await CallAsync<Settlement>(nameof(CommitFunds), settle with { Round = funding?.Round });
            }
            else
            {
                var released = await CallAsync<Settlement>(nameof(ReleaseFunds), settle);

                // Money given back may be what another request waits for: wake those, oldest first.
                foreach (var waiting in released.Waiting ?? [])
                {
                    context.SendEvent(waiting, TriageEvents.FundsChanged, new FundsChangedEvent(string.Join(',', released.FundIds), Now));
                }
            }

            lifecycle.Complete(outcome);
            var completed = Progress("outcome", "outcome", $"{outcome}: {detail}");
            var reasons = eligibility?.Reasons ?? [];
            await CallAsync<bool>(nameof(NotifyPartner), new NotifyPartnerInput(
                input.RequestId,
                input.Partner,
                input.Title,
                outcome,
                estimate?.TotalEur,
                funding?.Plan ?? [],
                funding?.ShortfallEur ?? 0,
                reasons,
                Now,
                input.CorrelationId,
                completed));
            context.CreateReplaySafeLogger<TriageOrchestration>().LogInformation("Request {RequestId}: {Outcome}", input.RequestId, outcome);
            return new TriageResult(input.RequestId, outcome);
        }

        private Task<bool> ProgressAsync(string key, string kind, string detail) =>
            CallAsync<bool>(nameof(RecordProgress), Progress(key, kind, detail));

        /// <summary>The next read-model write (and custom status), for the activity that comes next.</summary>
        private RecordProgressInput Progress(string key, string kind, string detail)
        {
            // Deterministic (replays see the same clock) and above any version of an earlier run of
            // this instance (an admin restart), which was written at an earlier time.
            version = Math.Max(version + 1, context.CurrentUtcDateTime.Ticks);
            context.SetCustomStatus(new TriageStatus(lifecycle.Stage, pendingStep));
            var update = new RequestUpdate(
                input.RequestId,
                input.Partner,
                version,
                Now,
                lifecycle.Copy(),
                pendingStep,
                eligibility,
                estimate,
                funding?.ToView(),
                approvals);
            return new RecordProgressInput(update, new TimelineEvent(input.RequestId, Now, key, kind, detail), input.CorrelationId);
        }

        private Task<T> CallAsync<T>(string activity, object activityInput) =>
            context.CallActivityAsync<T>(activity, activityInput, activityOptions);

        private static string Eur(decimal amount) => amount.ToString("#,0", CultureInfo.InvariantCulture);
    }
}
