using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>
/// One request's way through the pipeline (docs/architecture.md, "The pipeline"); instance id = request id. Control flow only:
/// every read and write is an activity (called through <see cref="ActivityCalls"/>), time is the
/// orchestration's clock, logging is replay-safe. A withdrawal is waited for from the start and
/// honoured at every stage until the outcome. The approval steps are in <see cref="ApprovalStepRace"/>,
/// the read-model writes are built by <see cref="RequestProgress"/>.
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
        private readonly RequestProgress progress;
        private readonly Task<WithdrawEvent> withdrawal;
        private readonly TaskOptions activityOptions;
        private readonly ApprovalStepRace approvalSteps;
        private bool finishing;

        public Run(TaskOrchestrationContext context, TriageInput input)
        {
            this.context = context;
            this.input = input;
            progress = new RequestProgress(context, input);
            withdrawal = context.WaitForExternalEvent<WithdrawEvent>(TriageEvents.Withdraw);
            activityOptions = ActivityOptions(input.Retry);
            approvalSteps = new ApprovalStepRace(context, input, progress, withdrawal, activityOptions);
        }

        private RequestLifecycle Lifecycle => progress.Lifecycle;

        private bool Withdrawn => withdrawal.IsCompleted;

        public async Task<TriageResult> ExecuteAsync()
        {
            try
            {
                return await PipelineAsync();
            }
            catch (TaskFailedException ex) when (!finishing)
            {
                context.CreateReplaySafeLogger<TriageOrchestration>().LogError("Request {RequestId} failed in {Stage}: {Error}", input.RequestId, Lifecycle.Stage, ex.FailureDetails?.ErrorMessage ?? ex.Message);
                return await FinishAsync(Outcome.Failed, $"Failed in {Lifecycle.Stage}: {ex.FailureDetails?.ErrorType ?? "error"}");
            }
        }

        private async Task<TriageResult> PipelineAsync()
        {
            Lifecycle.StartScreening();
            var screen = await context.CallScreenRequestAsync(
                new ScreenInput(input.RequestId, input.Partner, input.Items, progress.Next("stage:Screening", "stage", "Screening started")),
                activityOptions);
            progress.Eligibility = screen.View;
            progress.ReferenceVersion = screen.ReferenceVersion;
            if (screen.Ineligible)
            {
                return await FinishAsync(Outcome.Ineligible, "Ineligible: " + string.Join(", ", screen.View.Reasons.Select(r => r.Code).Distinct()));
            }

            if (Withdrawn)
            {
                return await WithdrawnAsync();
            }

            Lifecycle.StartCosting();
            var cost = await context.CallEstimateCostAsync(
                new EstimateInput(
                    input.RequestId, input.Partner, input.Items, screen.EligibleItems, screen.PoliticalReview,
                    progress.Next("stage:Costing", "stage", $"Screened {screen.View.Result}; costing {screen.EligibleItems.Count} item(s)"),
                    screen.ReferenceVersion),
                activityOptions);
            progress.Estimate = cost.View;
            progress.Approvals = [.. cost.Steps.Select(s => new ApprovalView(s.Step, ApprovalStatus.NotReached, null, null, null, null))];

            if (Withdrawn)
            {
                return await WithdrawnAsync();
            }

            if (await FundAsync(cost, screen.ReferenceVersion) is { } unfundedOrWithdrawn)
            {
                return unfundedOrWithdrawn;
            }

            if (Withdrawn)
            {
                return await WithdrawnAsync();
            }

            Lifecycle.AwaitApproval();
            for (var i = 0; i < cost.Steps.Count; i++)
            {
                var decision = await approvalSteps.AwaitDecisionAsync(i, cost.Steps[i], cost.View.TotalEur);
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

        /// <summary>Reserves the request's funding; without a full plan, waits for funds to change (and
        /// plans again) until the wait limit or a withdrawal. Null once reserved, else the ending.</summary>
        private async Task<TriageResult?> FundAsync(EstimateOutput cost, int? referenceVersion)
        {
            Lifecycle.StartFunding();
            var fundingProgress = progress.Next("stage:Funding", "stage", $"Estimated €{Eur(cost.View.TotalEur)}; steps: {string.Join(", ", cost.Steps.Select(s => s.Step))}");
            DateTimeOffset? fundsDeadline = null;
            for (var attempt = 1; ; attempt++)
            {
                var funding = await context.CallReserveFundsAsync(
                    new ReserveInput(input.RequestId, input.Partner, cost.Items, context.UtcNow(), input.CorrelationId, fundingProgress, referenceVersion),
                    activityOptions);
                progress.Funding = funding;
                if (funding.Reserved)
                {
                    return null;
                }

                fundsDeadline ??= context.UtcNow() + cost.FundsWaitLimit;
                var tableTimer = input.Revision >= 4;
                if (tableTimer)
                {
                    // Written with the row: the StepTimers row of the limit, raised as an event when due.
                    progress.FundsWaitUntil = fundsDeadline;
                }

                Lifecycle.AwaitFunds();
                await ProgressAsync($"funds:short:{attempt}", "funding", $"No full plan: €{Eur(funding.ShortfallEur)} short; waiting for funds until {fundsDeadline.Value:O}");
                using (var cts = new CancellationTokenSource())
                {
                    var changed = context.WaitForExternalEvent<FundsChangedEvent>(TriageEvents.FundsChanged, cts.Token);
                    var limit = tableTimer
                        ? FundsWaitLimitAsync(fundsDeadline.Value, cts.Token)
                        : context.CreateTimer(fundsDeadline.Value.UtcDateTime, cts.Token);
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

                Lifecycle.StartFunding();
                fundingProgress = progress.Next($"funds:retry:{attempt}", "funding", "Funds changed: planning again");
            }
        }

        /// <summary>Completes when the <c>StepTimers</c> row of the wait's limit is raised (revision 4 on).
        /// An event naming another instant (left by an earlier execution, or raised again) is logged and
        /// ignored, as a step's are; after too many, a durable timer keeps the limit instead.</summary>
        private async Task FundsWaitLimitAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            for (var ignored = 0; ignored < ApprovalStepRace.MaxIgnoredEvents; ignored++)
            {
                var raised = await context.WaitForExternalEvent<JsonElement?>(TriageEvents.StepTimer(StepTimer.FundsWait), cancellationToken);
                var (kind, at) = StepTimerEvent.Read(raised);
                if (kind == StepTimer.Deadline && at == deadline)
                {
                    return;
                }

                context.CreateReplaySafeLogger<TriageOrchestration>().LogInformation(
                    "Request {RequestId}: a funds timer at {At} is not this wait's; ignored", input.RequestId, at);
            }

            await context.CreateTimer(deadline.UtcDateTime, cancellationToken);
        }

        private Task<TriageResult> WithdrawnAsync() =>
            FinishAsync(Outcome.Withdrawn, $"Withdrawn by {withdrawal.Result.By}");

        /// <summary>Commit on approval, release on every other end; then the record and the partner.</summary>
        private async Task<TriageResult> FinishAsync(Outcome outcome, string detail)
        {
            finishing = true;
            Lifecycle.StartFinalizing();

            var openStatus = outcome switch
            {
                Outcome.Expired => ApprovalStatus.Expired,
                _ => ApprovalStatus.Cancelled,
            };
            progress.Approvals = [.. progress.Approvals.Select(a => a.Status == ApprovalStatus.Pending ? a with { Status = openStatus } : a)];
            progress.PendingStep = null;
            var funding = progress.Funding;
            var settle = new FundsInput(input.RequestId, context.UtcNow(), input.CorrelationId, progress.Next("stage:Finalizing", "stage", detail));
            var commitRefused = false;
            if (outcome == Outcome.Approved)
            {
                try
                {
                    // Commits only if the reserved round is exactly the plan the approvers were shown.
                    await context.CallCommitFundsAsync(settle with { Round = funding?.Round, Plan = funding?.Plan }, activityOptions);
                }
                catch (TaskFailedException ex)
                {
                    // Nothing is approved that is not funded: the request fails, and what it holds
                    // (committed too, if the commit was cut short) goes back.
                    context.CreateReplaySafeLogger<TriageOrchestration>().LogError("Request {RequestId}: the commit failed: {Error}", input.RequestId, ex.FailureDetails?.ErrorMessage ?? ex.Message);
                    commitRefused = true;
                    outcome = Outcome.Failed;
                    detail = $"Failed in Finalizing: the approved plan could not be committed ({ex.FailureDetails?.ErrorType ?? "error"})";
                }
            }

            if (outcome != Outcome.Approved)
            {
                var released = await context.CallReleaseFundsAsync(settle with { ReverseCommitments = commitRefused }, activityOptions);

                // Money given back may be what another request waits for: wake those, oldest first.
                foreach (var waiting in released.Waiting ?? [])
                {
                    context.SendEvent(waiting, TriageEvents.FundsChanged, new FundsChangedEvent(string.Join(',', released.FundIds), context.UtcNow()));
                }
            }

            Lifecycle.Complete(outcome);
            var completed = progress.Next("outcome", "outcome", $"{outcome}: {detail}");
            await context.CallNotifyPartnerAsync(
                new NotifyPartnerInput(
                    input.RequestId,
                    input.Partner,
                    input.Title,
                    outcome,
                    progress.Estimate?.TotalEur,
                    funding?.Plan ?? [],
                    funding?.ShortfallEur ?? 0,
                    progress.Eligibility?.Reasons ?? [],
                    context.UtcNow(),
                    input.CorrelationId,
                    completed),
                activityOptions);
            context.CreateReplaySafeLogger<TriageOrchestration>().LogInformation("Request {RequestId}: {Outcome}", input.RequestId, outcome);
            return new TriageResult(input.RequestId, outcome);
        }

        private Task<bool> ProgressAsync(string key, string kind, string detail) =>
            context.CallRecordProgressAsync(progress.Next(key, kind, detail), activityOptions);

        private static string Eur(decimal amount) => amount.ToString("#,0", CultureInfo.InvariantCulture);
    }
}
