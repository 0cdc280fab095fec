using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>
/// The orchestration's input (instance id = request id). <paramref name="Generation"/> counts the
/// executions of the instance: 0 for the first, one more for each admin restart, which starts the
/// instance again with this input and the next generation; the decisions and tokens of a step are kept
/// per generation, so a restarted execution is decided afresh (docs/decisions/0012).
/// <paramref name="Revision"/> is the revision of the orchestration code the execution started under
/// (<see cref="CurrentRevision"/> for every new start), so a change in the order of activity calls
/// keeps the old order for executions that started before it and replay it.
/// </summary>
public sealed record TriageInput(
    string RequestId,
    string Partner,
    string Title,
    IReadOnlyList<LineItemInput> Items,
    string CorrelationId,
    DateTimeOffset SubmittedAt,
    ActivityRetry? Retry = null,
    int Generation = 0,
    int Revision = 0)
{
    /// <summary>The revision new executions start under. 0: a decision event was applied as it came;
    /// 1: a decision event is applied only once <c>ReadDecision</c> found the same decision in the table;
    /// 2: a step waits with one durable timer at a time (its reminder's, then its deadline's);
    /// 3: a step waits with no durable timer, its reminder point and deadline raised as events from the
    /// <c>StepTimers</c> table; 4: the wait for funds likewise, its limit a <c>StepTimers</c> row
    /// instead of a durable timer.</summary>
    public const int CurrentRevision = 4;

    /// <summary>The input of a request's first execution, under the current revision: what a submit
    /// starts, and what the reconciler starts for a request whose start was lost.</summary>
    public static TriageInput First(RequestRecord record, ActivityRetry retry)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new TriageInput(record.Id, record.Partner, record.Title, record.Items, record.CorrelationId, record.SubmittedAt, retry, Revision: CurrentRevision);
    }
}
