using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Triage.Contracts;

/// <summary>
/// The product's own spans and metrics, under one name (<see cref="Name"/>, "Triage") that
/// <see cref="TelemetryServiceCollectionExtensions.AddTriageTelemetry"/> subscribes to.
/// Start spans from activities, HTTP handlers and storage adapters, not from orchestrator code:
/// an orchestrator replays, so a span started there would be emitted once per replay. The
/// orchestration and activity spans themselves come from the Durable Task SDK ("Microsoft.DurableTask").
/// </summary>
public static class TriageTelemetry
{
    public const string Name = "Triage";

    /// <summary>Span and tag names, one spelling everywhere (queries in Application Insights rely on them).</summary>
    public static class Tags
    {
        public const string RequestId = "triage.request_id";
        public const string Stage = "triage.stage";
        public const string Outcome = "triage.outcome";
        public const string FundId = "triage.fund_id";
        public const string Queue = "triage.queue";
        public const string Table = "triage.table";
        public const string Step = "triage.step";
        public const string CorrelationId = "triage.correlation_id";
    }

    public static readonly ActivitySource ActivitySource = new(Name, typeof(TriageTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(TriageTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Requests accepted by <c>POST /api/requests</c> (a retried idempotent submit is not counted twice).</summary>
    public static readonly Counter<long> RequestsSubmitted =
        Meter.CreateCounter<long>("triage.requests.submitted", unit: "{request}", description: "Requests accepted for triage.");

    /// <summary>Submissions answered 503 because the intake backlog was full (nothing recorded; the client retries later).</summary>
    public static readonly Counter<long> RequestsShed =
        Meter.CreateCounter<long>("triage.requests.shed", unit: "{request}", description: "Submissions shed at the door: the intake backlog was full.");

    /// <summary>Requests that reached an outcome; tag <see cref="Tags.Outcome"/>.</summary>
    public static readonly Counter<long> RequestsCompleted =
        Meter.CreateCounter<long>("triage.requests.completed", unit: "{request}", description: "Requests that reached an outcome.");

    /// <summary>Time a request spent in a stage; tag <see cref="Tags.Stage"/>.</summary>
    public static readonly Histogram<double> StageDuration =
        Meter.CreateHistogram<double>("triage.stage.duration", unit: "s", description: "Time a request spent in a pipeline stage.");

    /// <summary>Queue messages written or read; tags <see cref="Tags.Queue"/> and <c>direction</c> (<c>send</c>, <c>receive</c>, <c>poison</c>).</summary>
    public static readonly Counter<long> QueueMessages =
        Meter.CreateCounter<long>("triage.queue.messages", unit: "{message}", description: "Queue messages sent, received or poisoned.");

    /// <summary>Optimistic-concurrency conflicts on a fund's partition (ETag mismatch, re-plan); tag <see cref="Tags.FundId"/>.
    /// A steady rate on one fund is the per-fund hot spot infra/README.md describes.</summary>
    public static readonly Counter<long> FundConflicts =
        Meter.CreateCounter<long>("triage.funds.conflicts", unit: "{conflict}", description: "Fund reservation ETag conflicts.");

    /// <summary>
    /// Starts a span for one pipeline stage of one request, tagged with the request and correlation ids.
    /// Returns null when nothing listens (no exporter configured), so callers pay nothing then.
    /// </summary>
    public static Activity? StartStage(string stage, string requestId, string? correlationId = null, ActivityKind kind = ActivityKind.Internal)
    {
        var activity = ActivitySource.StartActivity($"triage.{stage}", kind);
        if (activity is not null)
        {
            activity.SetTag(Tags.Stage, stage);
            activity.SetTag(Tags.RequestId, requestId);
            if (correlationId is not null)
            {
                activity.SetTag(Tags.CorrelationId, correlationId);
            }
        }

        return activity;
    }

    /// <summary>Starts a client span around one storage call (table or queue), named after the operation.</summary>
    public static Activity? StartStorage(string operation, string? table = null, string? queue = null)
    {
        var activity = ActivitySource.StartActivity($"triage.storage.{operation}", ActivityKind.Client);
        if (activity is not null)
        {
            if (table is not null)
            {
                activity.SetTag(Tags.Table, table);
            }

            if (queue is not null)
            {
                activity.SetTag(Tags.Queue, queue);
            }
        }

        return activity;
    }

    /// <summary>Marks a span failed with the exception, the OpenTelemetry way (status + exception event).</summary>
    public static void RecordFailure(this Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.AddException(exception);
    }
}
