using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.LoadDriver;

/// <summary>
/// What an approvers' tool does, against the real queues: reads <c>approval-requests</c>, and for every
/// step of a request the driver submitted posts an <see cref="ApprovalDecisionMessage"/> (approve, the
/// notification's one-time token, the approver's bearer) on <c>approval-decisions</c>; reads each
/// outcome from <c>partner-notifications</c>. Messages about requests it did not submit are left for
/// their owner (they come back after the visibility timeout). Point it only at queues no real tool reads.
/// </summary>
internal sealed class ApproverTool : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, RequestTimes> requests;
    private readonly ConcurrentDictionary<(string Id, string Step), bool> answered = new();
    private readonly QueueClient notifications;
    private readonly QueueClient decisions;
    private readonly QueueClient outcomes;
    private readonly string bearer;
    private readonly bool answer;
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] readers;
    private int decided;
    private int reachedOutcome;

    public ApproverTool(StorageClients storage, string bearer, ConcurrentDictionary<string, RequestTimes> requests, bool answer)
    {
        this.requests = requests;
        this.bearer = bearer;
        this.answer = answer;
        notifications = storage.Queue(storage.Names.ApprovalRequestsQueue);
        decisions = storage.Queue(storage.Names.ApprovalDecisionsQueue);
        outcomes = storage.Queue(storage.Names.PartnerNotificationsQueue);
        readers = [Read(notifications, OnNotificationAsync), Read(notifications, OnNotificationAsync), Read(outcomes, OnOutcomeAsync)];
    }

    private Task Read(QueueClient queue, Func<QueueMessage, Task<bool>> handle) => Task.Run(() => QueueReader.RunAsync(queue, handle, stop.Token));

    public int Decided => Volatile.Read(ref decided);

    public int ReachedOutcome => Volatile.Read(ref reachedOutcome);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        stop.Dispose();
    }

    private async Task<bool> OnNotificationAsync(QueueMessage message)
    {
        var now = Stopwatch.GetTimestamp();
        using var json = JsonDocument.Parse(message.Body.ToMemory());
        var root = json.RootElement;
        var id = root.GetProperty("requestId").GetString()!;
        var times = requests.GetOrAdd(id, _ => new RequestTimes { Id = id });
        times.Notified(now);
        if (times.Submitted == 0)
        {
            return false; // Not (yet) known as ours: leave it, it comes back.
        }

        var step = root.GetProperty("step").GetString()!;
        if (answer && answered.TryAdd((id, step), true))
        {
            var decision = new ApprovalDecisionMessage(id, step, "approve", null, root.GetProperty("decisionToken").GetString(), bearer,
                root.TryGetProperty("correlationId", out var c) ? c.GetString() : null);
            times.LastDecided = Stopwatch.GetTimestamp();
            await decisions.SendMessageAsync(JsonSerializer.Serialize(decision, QueueSender.Json));
            Interlocked.Increment(ref decided);
        }

        return true;
    }

    private Task<bool> OnOutcomeAsync(QueueMessage message)
    {
        var now = Stopwatch.GetTimestamp();
        using var json = JsonDocument.Parse(message.Body.ToMemory());
        var root = json.RootElement;
        if (!requests.TryGetValue(root.GetProperty("requestId").GetString()!, out var times) || times.Submitted == 0)
        {
            return Task.FromResult(false);
        }

        if (times.Outcome == 0)
        {
            times.OutcomeName = root.GetProperty("outcome").ToString();
            times.Outcome = now;
            Interlocked.Increment(ref reachedOutcome);
        }

        return Task.FromResult(true);
    }
}
