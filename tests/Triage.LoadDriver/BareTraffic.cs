using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Triage.LocalHost.Engine;
using Triage.Storage;

namespace Triage.LoadDriver;

/// <summary>
/// The bare engine's counterpart of <see cref="Traffic"/>: request <c>i</c> of the <see cref="RequestMix"/>
/// becomes an <see cref="EngineChecks.ApprovalShapeOrchestration"/> with as many steps, scheduled through
/// the engine's client (the "202" is the schedule call's return). Readers take the shape's notifications,
/// raise each step's decision event when answering, and time its outcome message, into the same
/// <see cref="RequestTimes"/> the product's runs fill.
/// </summary>
internal sealed class BareTraffic : IAsyncDisposable
{
    private readonly DurableTaskClient client;
    private readonly bool answer;
    private readonly RequestMix mix = new(onlyPartner: null);
    private readonly ConcurrentDictionary<string, RequestTimes> byId = new();
    private readonly ConcurrentDictionary<(string Id, int Step), bool> answered = new();
    private readonly ConcurrentQueue<RequestTimes> sent = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] readers;
    private int next;
    private int decided;
    private int finished;

    private BareTraffic(DurableTaskClient client, QueueClient notifications, QueueClient outcomes, bool answer)
    {
        this.client = client;
        this.answer = answer;
        readers = [Read(notifications, OnNotificationAsync), Read(notifications, OnNotificationAsync), Read(outcomes, OnOutcomeAsync)];
    }

    /// <summary>Creates the shape's queues, then starts reading them.</summary>
    public static async Task<BareTraffic> StartAsync(DurableTaskClient client, StorageClients storage, bool answer)
    {
        var notifications = storage.Queue(EngineChecks.ShapeNotificationQueue);
        var outcomes = storage.Queue(EngineChecks.ShapeOutcomeQueue);
        await notifications.CreateIfNotExistsAsync();
        await outcomes.CreateIfNotExistsAsync();
        return new BareTraffic(client, notifications, outcomes, answer);
    }

    public string Progress =>
        $"scheduled {sent.Count(t => t.Accepted)}, first notification {sent.Count(t => t.FirstNotified > 0)}, decisions {Volatile.Read(ref decided)}, outcomes {Volatile.Read(ref finished)}";

    /// <summary>Whether the shape <paramref name="id"/> has told of its first step.</summary>
    public bool Notified(string id) => byId.TryGetValue(id, out var t) && t.FirstNotified > 0;

    public async Task<RequestTimes[]> SubmitAtOnceAsync(int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => SubmitAsync()));

    public Task<RequestTimes[]> SubmitAtRateAsync(double rate, TimeSpan duration) => Traffic.OfferAsync(rate, duration, SubmitAsync);

    /// <summary>Schedules the next shape; a schedule that throws counts as no answer (status 0).</summary>
    public async Task<RequestTimes> SubmitAsync()
    {
        var i = Interlocked.Increment(ref next) - 1;
        var times = new RequestTimes { Id = $"bare-{i:D6}", Submitted = Stopwatch.GetTimestamp() };
        byId[times.Id] = times;
        sent.Enqueue(times);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(EngineChecks.ApprovalShapeOrchestration), new EngineChecks.ApprovalShapeInput(mix.Steps(i)), new StartOrchestrationOptions(times.Id));
            times.Answered = Stopwatch.GetTimestamp();
            times.Status = 202;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            times.Status = 0;
        }

        return times;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        stop.Dispose();
    }

    private Task Read(QueueClient queue, Func<string, int, long, Task> handle) => Task.Run(() => QueueReader.RunAsync(queue, async m =>
    {
        var at = Stopwatch.GetTimestamp();
        string id;
        int step;
        using (var json = JsonDocument.Parse(m.Body.ToMemory()))
        {
            id = json.RootElement.GetProperty("instanceId").GetString()!;
            step = json.RootElement.GetProperty("step").GetInt32();
        }

        await handle(id, step, at);
        return true;
    }, stop.Token));

    /// <summary>A step's notification, once per step: a redelivered one (its raise outlasted the
    /// message's invisibility, or a retried send) raising the event again would answer the next step early.</summary>
    private async Task OnNotificationAsync(string id, int step, long at)
    {
        if (!byId.TryGetValue(id, out var times))
        {
            return;
        }

        times.Notified(at);
        if (answer && answered.TryAdd((id, step), true))
        {
            times.LastDecided = Stopwatch.GetTimestamp();
            await client.RaiseEventAsync(id, EngineChecks.DecisionEvent, "approve");
            Interlocked.Increment(ref decided);
        }
    }

    private Task OnOutcomeAsync(string id, int step, long at)
    {
        if (byId.TryGetValue(id, out var times) && times.Outcome == 0)
        {
            times.OutcomeName = "Completed";
            times.Outcome = at;
            Interlocked.Increment(ref finished);
        }

        return Task.CompletedTask;
    }
}
