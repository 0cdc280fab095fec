using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Triage.Domain;
using Triage.Application.Assessment;
using Triage.Storage;
using Triage.Contracts;
using Triage.Application.Funds;
using Triage.Application.Orchestration;
using Triage.Application.Telemetry;

namespace Triage.Application.UseCases;

/// <summary>Makes <see cref="TriageService"/> for the Durable Task client a host has.</summary>
public sealed class TriageServiceFactory : ITriageServiceFactory
{
    private readonly TriageServiceDependencies dependencies;

    public TriageServiceFactory(TriageServiceDependencies dependencies)
    {
        this.dependencies = dependencies;
    }

    public ITriageService Create(DurableTaskClient client) => new TriageService(dependencies, client);
}

/// <summary>The stores and data the service needs, one DI singleton.</summary>
public sealed record TriageServiceDependencies(
    StorageClients Storage,
    RequestStore Requests,
    TimelineStore Timeline,
    DecisionStore Decisions,
    FundLedgerStore Ledger,
    ReservationService Reservations,
    RequestAssessor Assessor,
    WaitingRequests Waiting,
    ReferenceDataProvider Reference,
    WorkflowOptions Options,
    TimeProvider Clock,
    ILogger<TriageService> Logger);

public sealed class TriageService : ITriageService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TriageServiceDependencies d;
    private readonly DurableTaskClient client;

    public TriageService(TriageServiceDependencies dependencies, DurableTaskClient client)
    {
        d = dependencies;
        this.client = client;
    }

    private DateTimeOffset Now => d.Clock.GetUtcNow();

    public async Task<QuoteView> QuoteAsync(string partner, SubmitRequestInput input, CancellationToken cancellationToken)
    {
        var (screen, estimate, plan) = await d.Assessor.AssessAsync(partner, AssessmentViews.ToLineItems(input.Items), cancellationToken);
        var view = AssessmentViews.ToView(screen);
        if (estimate is null || plan is null)
        {
            return new QuoteView(view, null, new FundingView([], 0), false);
        }

        return new QuoteView(
            view,
            AssessmentViews.ToView(estimate),
            AssessmentViews.ToView(plan),
            plan.IsComplete);
    }

    public async Task<SubmitResult> SubmitAsync(string partner, SubmitRequestInput input, string? idempotencyKey, CancellationToken cancellationToken)
    {
        partner = partner.ToUpperInvariant();
        var bodyHash = Hash(JsonSerializer.Serialize(input with { Partner = partner }, Json));
        var requestId = NewRequestId(partner);
        var status = SubmitStatus.Created;
        if (!string.IsNullOrEmpty(idempotencyKey))
        {
            // Idempotency table: partner / sha256(key) → request id + body hash. The first insert wins.
            var keys = d.Storage.Table(d.Storage.Names.Idempotency);
            var row = new TableEntity(partner, Hash(idempotencyKey)) { ["RequestId"] = requestId, ["BodyHash"] = bodyHash, ["At"] = Now };
            if (!await keys.TryAddAsync(row, cancellationToken))
            {
                var existing = await keys.FindAsync(partner, Hash(idempotencyKey), cancellationToken);
                requestId = existing?.GetString("RequestId") ?? requestId;
                if (existing?.GetString("BodyHash") != bodyHash)
                {
                    var current = await d.Requests.GetAsync(requestId, cancellationToken);
                    return new SubmitResult(SubmitStatus.KeyConflict, requestId, current?.Stage ?? Stage.Received);
                }

                status = SubmitStatus.Existing;
            }
        }

        var correlationId = Correlation.GetOrCreate();
        var now = Now;
        var record = new RequestRecord(
            requestId, partner, input.Title, input.Summary, input.Items, input.RequestedStart, input.Contact,
            Stage.Received, null, Stage.Received, null, null, null, null, [], now, now, correlationId, 1);

        // A retried submit (same key) resumes where the first one stopped: the row, the timeline entry
        // and the orchestration are each created at most once.
        if (await d.Requests.TryInsertAsync(record, cancellationToken))
        {
            await d.Timeline.AppendAsync(new TimelineEvent(requestId, now, "submitted", "stage", $"Submitted: {input.Title}", partner), cancellationToken);
        }
        else
        {
            record = await d.Requests.GetAsync(requestId, cancellationToken) ?? record;
        }

        if (await client.GetInstanceAsync(requestId, getInputsAndOutputs: false, cancellationToken) is null)
        {
            var triage = new TriageInput(requestId, partner, record.Title, record.Items, record.CorrelationId, record.SubmittedAt,
                new ActivityRetry(d.Options.ActivityMaxAttempts, d.Options.ActivityFirstRetry));
            try
            {
                await client.ScheduleNewOrchestrationInstanceAsync(
                    nameof(TriageOrchestration), triage, new StartOrchestrationOptions(InstanceId: requestId), cancellationToken);
                if (status == SubmitStatus.Created)
                {
                    TriageTelemetry.RequestsSubmitted.Add(1);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Started by a concurrent retry of the same submit: one orchestration, as wanted.
                if (await client.GetInstanceAsync(requestId, false, cancellationToken) is null)
                {
                    throw;
                }
            }
        }

        return new SubmitResult(status, requestId, record.Stage);
    }

    public async Task<RequestView?> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        var r = await d.Requests.GetAsync(requestId, cancellationToken);
        if (r is null)
        {
            return null;
        }

        var timeline = await d.Timeline.ListAsync(requestId, cancellationToken);
        return new RequestView(r.Id, r.Partner, r.Title, r.Stage, r.Outcome, r.Eligibility, r.Estimate, r.Funding, r.Approvals, timeline, r.SubmittedAt, r.UpdatedAt);
    }

    public async Task<RequestPage> ListAsync(RequestQuery query, CancellationToken cancellationToken)
    {
        var filters = new List<string>();
        if (!string.IsNullOrEmpty(query.Partner))
        {
            filters.Add(TableClient.CreateQueryFilter($"PartitionKey eq {query.Partner}"));
        }

        if (query.Stage is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"Stage eq {query.Stage.Value.ToString()}"));
        }

        if (query.Outcome is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"Outcome eq {query.Outcome.Value.ToString()}"));
        }

        if (query.From is { } from)
        {
            filters.Add(TableClient.CreateQueryFilter($"SubmittedAt ge {from}"));
        }

        if (query.To is { } to)
        {
            filters.Add(TableClient.CreateQueryFilter($"SubmittedAt lt {to}"));
        }

        var filter = filters.Count == 0 ? null : string.Join(" and ", filters);
        var (items, continuation) = await d.Requests.QueryAsync(filter, query.Continuation, Math.Clamp(query.PageSize, 1, 1000), cancellationToken);
        return new RequestPage(
            [.. items.Select(r => new RequestSummaryView(r.Id, r.Partner, r.Title, r.Stage, r.Outcome, r.Estimate?.TotalEur, r.Funding?.ShortfallEur, r.PendingStep, r.SubmittedAt, r.UpdatedAt))],
            continuation);
    }

    public async Task<CommandResult> WithdrawAsync(string requestId, string partner, CancellationToken cancellationToken)
    {
        var r = await d.Requests.GetAsync(requestId, cancellationToken);
        if (r is null || !string.Equals(r.Partner, partner, StringComparison.OrdinalIgnoreCase))
        {
            return new CommandResult(CommandStatus.NotFound, "NOT_FOUND", $"No request {requestId}.");
        }

        if (!r.IsOpen)
        {
            return new CommandResult(CommandStatus.Conflict, "REQUEST_FINISHED", $"Request {requestId} is {r.Outcome} already.");
        }

        await client.RaiseEventAsync(requestId, TriageEvents.Withdraw, new WithdrawEvent(partner, Now), cancellationToken);
        await d.Timeline.AppendAsync(new TimelineEvent(requestId, Now, "withdraw:asked", "withdrawal", "Withdrawal asked", partner), cancellationToken);
        return CommandResult.Ok;
    }

    public async Task<CommandResult> DecideAsync(DecisionCommand command, CancellationToken cancellationToken)
    {
        var channel = command.DecisionToken is null ? "http" : "queue";
        var decision = command.Decision;
        var request = await d.Requests.GetAsync(command.RequestId, cancellationToken);
        if (request is null)
        {
            return await RefuseAsync(command, channel, CommandStatus.NotFound, "UNKNOWN_REQUEST", $"No request {command.RequestId}.", cancellationToken);
        }

        var holdsStep = command.StepsHeldByToken is { } held
            ? held.Contains(command.Step, StringComparer.Ordinal)
            : await d.Decisions.HoldsStepAsync(command.Approver, command.Step, cancellationToken);
        if (!holdsStep)
        {
            return await RefuseAsync(command, channel, CommandStatus.Forbidden, "NOT_APPROVER_FOR_STEP", $"{command.Approver} does not hold the step {command.Step}.", cancellationToken);
        }

        if (command.DecisionToken is not null && !await d.Decisions.TokenMatchesAsync(command.RequestId, command.Step, command.DecisionToken, cancellationToken))
        {
            return await RefuseAsync(command, channel, CommandStatus.Forbidden, "BAD_TOKEN", "The decision token does not match this request and step.", cancellationToken);
        }

        var existing = await d.Decisions.GetAsync(command.RequestId, command.Step, cancellationToken);
        if (existing is not null)
        {
            var reason = command.DecisionToken is null ? "ALREADY_DECIDED" : "TOKEN_USED";
            return await RefuseAsync(command, channel, CommandStatus.Conflict, reason, $"Step {command.Step} was decided already ({existing.Decision} by {existing.Approver}).", cancellationToken);
        }

        if (!request.IsOpen)
        {
            return await RefuseAsync(command, channel, CommandStatus.Conflict, "REQUEST_FINISHED", $"Request {command.RequestId} is {request.Outcome} already.", cancellationToken);
        }

        if (request.Stage != Stage.AwaitingApproval || request.PendingStep != command.Step)
        {
            return await RefuseAsync(command, channel, CommandStatus.Conflict, "NOT_AT_STEP", $"Request {command.RequestId} is not waiting for {command.Step} (stage {request.Stage}, step {request.PendingStep ?? "none"}).", cancellationToken);
        }

        var at = Now;
        var (won, holding) = await d.Decisions.TryDecideAsync(
            new StepDecision(command.RequestId, command.Step, decision, command.Approver, command.Comment, channel, at), cancellationToken);
        if (!won)
        {
            return await RefuseAsync(command, channel, CommandStatus.Conflict, "ALREADY_DECIDED", $"Step {command.Step} was decided already ({holding.Decision} by {holding.Approver}).", cancellationToken);
        }

        await d.Timeline.AppendAsync(
            new TimelineEvent(command.RequestId, at, $"decision:{command.Step}", "decision", $"{command.Step}: {decision.ToWire()} via {channel}" + (string.IsNullOrEmpty(command.Comment) ? "" : $": {command.Comment}"), command.Approver),
            cancellationToken);
        await client.RaiseEventAsync(command.RequestId, TriageEvents.Decision(command.Step), new StepDecision(command.RequestId, command.Step, decision, command.Approver, command.Comment, channel, at), cancellationToken);
        return CommandResult.Ok;
    }

    public async Task<IReadOnlyList<FundView>> ListFundsAsync(CancellationToken cancellationToken)
    {
        var balances = await d.Ledger.ListBalancesAsync(cancellationToken);
        return [.. balances.OrderBy(b => b.FundId, StringComparer.Ordinal).Select(b =>
        {
            var fund = d.Reference.Data.FindFund(b.FundId);
            return new FundView(b.FundId, fund?.Name ?? b.FundId, fund?.LeadNations ?? [], b.CapacityEur, b.ReservedEur, b.CommittedEur, b.AvailableEur);
        })];
    }

    public async Task<CommandResult> ContributeAsync(string fundId, ContributionInput input, string recordedBy, CancellationToken cancellationToken)
    {
        if (input.AmountEur <= 0 || input.AmountEur != decimal.Round(input.AmountEur, 0))
        {
            return new CommandResult(CommandStatus.Invalid, "INVALID_AMOUNT", "A contribution is a positive whole number of euros.");
        }

        var fund = await d.Ledger.GetBalanceAsync(fundId, cancellationToken);
        if (fund is null)
        {
            return new CommandResult(CommandStatus.NotFound, "UNKNOWN_FUND", $"No fund {fundId}.");
        }

        var at = Now;
        var contributionId = $"{at.UtcTicks:D19}-{Guid.NewGuid():N}";
        await d.Ledger.ContributeAsync(fundId, contributionId, input.AmountEur, input.Contributor, recordedBy, input.Note, at, cancellationToken);
        await WakeWaitingAsync(fundId, cancellationToken);
        return CommandResult.Ok;
    }

    /// <summary>Raises FundsChanged on the requests this fund could pay for that wait for funds (or are
    /// planning now and might be about to), oldest first.</summary>
    public Task<int> WakeWaitingAsync(string fundId, CancellationToken cancellationToken) =>
        d.Waiting.WakeAsync(client, [fundId], null, cancellationToken);

    public async Task<DemandReport> DemandAsync(CancellationToken cancellationToken)
    {
        var all = await d.Requests.QueryAllAsync(null, cancellationToken);
        var rows = new Dictionary<(string Area, string Partner), (decimal Requested, decimal Shortfall)>();
        foreach (var r in all.Where(r => r.Estimate is not null && r.Outcome != Outcome.Ineligible))
        {
            var shortfall = r.Funding?.ShortfallEur ?? 0;
            var total = r.Estimate!.TotalEur;
            foreach (var item in r.Estimate.Items)
            {
                var key = (item.Area, r.Partner);
                var share = total == 0 ? 0 : decimal.Round(shortfall * item.TotalEur / total, 0);
                var (req, sf) = rows.GetValueOrDefault(key);
                rows[key] = (req + item.TotalEur, sf + share);
            }
        }

        var list = rows.OrderBy(kv => kv.Key.Area, StringComparer.Ordinal).ThenBy(kv => kv.Key.Partner, StringComparer.Ordinal)
            .Select(kv => new DemandRow(kv.Key.Area, kv.Key.Partner, kv.Value.Requested, kv.Value.Requested - kv.Value.Shortfall, kv.Value.Shortfall))
            .ToList();
        return new DemandReport(list, list.Sum(r => r.RequestedEur), list.Sum(r => r.FundedEur), list.Sum(r => r.ShortfallEur));
    }

    public async Task<CommandResult> ReconcileAsync(string requestId, string by, CancellationToken cancellationToken)
    {
        var r = await d.Requests.GetAsync(requestId, cancellationToken);
        if (r is null)
        {
            return new CommandResult(CommandStatus.NotFound, "NOT_FOUND", $"No request {requestId}.");
        }

        if (!r.IsOpen)
        {
            return CommandResult.Ok;
        }

        var instance = await client.GetInstanceAsync(requestId, getInputsAndOutputs: false, cancellationToken);
        if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
        {
            return new CommandResult(CommandStatus.Conflict, "INSTANCE_ACTIVE", $"The orchestration of {requestId} is {instance.RuntimeStatus}; terminate it first.");
        }

        var at = Now;
        var status = instance?.RuntimeStatus.ToString() ?? "missing";
        // Through the domain's rules like every other move: an open request may always end Failed.
        var lifecycle = r.Lifecycle();
        lifecycle.StartFinalizing();
        lifecycle.Complete(Outcome.Failed);
        var update = new RequestUpdate(
            requestId, r.Partner, Math.Max(r.Version + 1, at.UtcTicks), at, lifecycle, null,
            r.Eligibility, r.Estimate, r.Funding,
            [.. r.Approvals.Select(a => a.Status == ApprovalStatus.Pending ? a with { Status = ApprovalStatus.Cancelled } : a)]);
        var progress = new RecordProgressInput(update, new TimelineEvent(requestId, at, "reconciled", "outcome", $"Failed: orchestration {status}; funds released", by), r.CorrelationId);
        // Mark first, then scan and release: a stray ReserveFunds still running sees the request settled.
        await d.Requests.UpdateAsync(progress.Update, cancellationToken);
        await d.Timeline.AppendAsync(progress.Event!, cancellationToken);
        var released = await d.Reservations.ReleaseAsync(requestId, at, cancellationToken);
        if (released.Entries > 0)
        {
            await d.Waiting.WakeAsync(client, released.FundIds, requestId, cancellationToken);
        }

        return CommandResult.Ok;
    }

    private async Task<CommandResult> RefuseAsync(DecisionCommand command, string channel, CommandStatus status, string reason, string message, CancellationToken cancellationToken)
    {
        d.Logger.LogWarning("Decision refused for {RequestId} step {Step} by {Approver} via {Channel}: {Reason}", command.RequestId, command.Step, command.Approver, channel, reason);
        if (TableExtensions.IsValidKey(command.RequestId))
        {
            var at = Now;
            await d.Timeline.AppendAsync(
                new TimelineEvent(command.RequestId, at, $"refused:{command.Step}:{Guid.NewGuid():N}", "decision-refused", $"{command.Step}: {command.Decision.ToWire()} via {channel} refused: {reason}: {message}", command.Approver),
                cancellationToken);
        }

        return new CommandResult(status, reason, message);
    }

    private static string NewRequestId(string partner) =>
        $"{partner.ToUpperInvariant()}-{DateTime.UtcNow:yyyyMMdd}-{Guid.NewGuid().ToString("N")[..12]}";

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
