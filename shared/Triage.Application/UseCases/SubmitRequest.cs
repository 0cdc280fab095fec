using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Triage.Application.Intake;
using Triage.Application.Orchestration;
using Triage.Application.Telemetry;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>A partner's request, already validated by the API; <c>IdempotencyKey</c> makes
/// a retried submission return the first one's request.</summary>
public sealed record SubmitRequestCommand(string Partner, SubmitRequestInput Input, string? IdempotencyKey);

/// <summary>
/// Records the request and starts its orchestration (instance id = request id). The same idempotency
/// key from the same partner returns the existing request; with another body, a conflict. While the
/// engine's backlog is full (<see cref="IntakeGate"/>) a new submission is shed before anything is written.
/// </summary>
public sealed class SubmitRequest
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly RequestStore requests;
    private readonly TimelineStore timeline;
    private readonly IdempotencyStore idempotency;
    private readonly ActivityRetry retry;
    private readonly IntakeGate gate;
    private readonly TimeProvider clock;

    /// <param name="retry">The activities' retry (<c>Workflow:*</c> settings), fixed into each
    /// orchestration's input here so its replays see the same policy.</param>
    public SubmitRequest(RequestStore requests, TimelineStore timeline, IdempotencyStore idempotency, ActivityRetry retry, IntakeGate gate, TimeProvider clock)
    {
        this.requests = requests;
        this.timeline = timeline;
        this.idempotency = idempotency;
        this.retry = retry;
        this.gate = gate;
        this.clock = clock;
    }

    /// <param name="afterAnswer">When given, takes the orchestration's start to run once the caller has
    /// its answer (the API: after the 202 is sent), so the submit never waits for the engine. The row is
    /// stored by then; a start that does not happen (the process ends, the engine refuses) is made by a
    /// retried submit or by the reconciler, and a start made twice is one execution (its start key).
    /// Null: the start is awaited here.</param>
    public async Task<SubmitResult> RunAsync(SubmitRequestCommand command, DurableTaskClient client, CancellationToken cancellationToken, Action<Func<Task>>? afterAnswer = null)
    {
        var partner = command.Partner.ToUpperInvariant();
        // Shed before any storage call, a retry with a key that already holds a request too: under
        // overload every shed answer is repeated many times, and a claim lookup for each would load the
        // storage the engine is short of. The retry gets its request once the door opens.
        if (await gate.TryEnterAsync(cancellationToken) is { } full)
        {
            TriageTelemetry.RequestsShed.Add(1);
            return new SubmitResult(SubmitStatus.Shed, "", Stage.Received) { Refusal = full };
        }

        try
        {
            return await RecordAsync(partner, command, client, afterAnswer, cancellationToken);
        }
        finally
        {
            gate.Entered();
        }
    }

    /// <summary>Records the request and starts its orchestration, with as few storage round trips one
    /// after another as the order of its writes allows. That order is what keeps a crash anywhere in
    /// between harmless: the key's claim first, both index rows before the request row (the reconciler
    /// finds an open request through the index of open requests; the stage index lists it), and the row
    /// before its timeline entry and its orchestration, which need nothing of each other. A retried
    /// submit (same key) resumes where the first one stopped: the row, the timeline entry and the
    /// orchestration are each created at most once.</summary>
    private async Task<SubmitResult> RecordAsync(string partner, SubmitRequestCommand command, DurableTaskClient client, Action<Func<Task>>? afterAnswer, CancellationToken cancellationToken)
    {
        var input = command.Input with { Partner = partner };
        var now = clock.GetUtcNow();
        var record = new RequestRecord(
            NewRequestId(partner), partner, input.Title, input.Summary, input.Items, input.RequestedStart, input.Contact,
            Stage.Received, null, Stage.Received, null, null, null, null, [], now, now, Correlation.GetOrCreate(), 1);
        var status = SubmitStatus.Created;
        if (!string.IsNullOrEmpty(command.IdempotencyKey))
        {
            // The key is claimed before anything is written for the new id. Its index rows could go
            // together with the claim, but when the key holds an earlier submit's request (a retry, most
            // often while that request is being screened), the new id's entry in the index of open
            // requests would be read as another open request of the partner asking for the same areas,
            // and the earlier request's screening would find it a duplicate of itself.
            var bodyHash = IdempotencyStore.Hash(JsonSerializer.Serialize(input, Json));
            var (won, holding) = await idempotency.TryClaimAsync(partner, command.IdempotencyKey, new IdempotencyClaim(record.Id, bodyHash), now, cancellationToken);
            if (!won)
            {
                if (holding.BodyHash != bodyHash)
                {
                    var current = await requests.GetAsync(holding.ResourceId, cancellationToken);
                    return new SubmitResult(SubmitStatus.KeyConflict, holding.ResourceId, current?.Stage ?? Stage.Received);
                }

                status = SubmitStatus.Existing;
                record = record with { Id = holding.ResourceId };
            }
        }

        var inserted = await requests.TryInsertAsync(record, cancellationToken);
        if (!inserted)
        {
            record = await requests.GetAsync(record.Id, cancellationToken) ?? record;
        }

        // The timeline entry and the orchestration each need only the row, not each other.
        var entry = inserted ? timeline.AppendAsync(new TimelineEvent(record.Id, now, "submitted", "stage", $"Submitted: {input.Title}", partner), cancellationToken) : Task.CompletedTask;
        if (afterAnswer is null)
        {
            await Task.WhenAll(entry, StartAsync(record, inserted, status, client, cancellationToken));
        }
        else
        {
            await entry;
            afterAnswer(() => StartAsync(record, inserted, status, client, CancellationToken.None));
        }

        return new SubmitResult(status, record.Id, record.Stage);
    }

    /// <summary>Starts the request's orchestration unless it has one. A request with an outcome is never
    /// started again (an admin purged a finished one's instance). Its start key makes this start and any
    /// other of the same request (a concurrent retry, the reconciler's) one execution. A request row this call inserted has no orchestration
    /// yet: the engine is asked only on a retry (its instance lookup is a query of the Instances table,
    /// which Azurite runs over every row).</summary>
    private async Task StartAsync(RequestRecord record, bool inserted, SubmitStatus status, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (!record.IsOpen || (!inserted && await client.GetInstanceAsync(record.Id, getInputsAndOutputs: false, cancellationToken) is not null))
        {
            return;
        }

        try
        {
            await OrchestrationStart.FirstAsync(client, record, retry, cancellationToken);
            if (status == SubmitStatus.Created)
            {
                TriageTelemetry.RequestsSubmitted.Add(1);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Started by a concurrent retry of the same submit: one orchestration, as wanted.
            if (await client.GetInstanceAsync(record.Id, false, cancellationToken) is null)
            {
                throw;
            }
        }
    }

    private static string NewRequestId(string partner) =>
        $"{partner}-{DateTime.UtcNow:yyyyMMdd}-{Guid.NewGuid().ToString("N")[..12]}";
}
