using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>
/// The pipeline at a glance, from the stage index (<c>RequestsByStage</c>): the rows of each stage's
/// and outcome's partition counted (keys only; a request left in two places by a crash counts where its
/// row says, see <see cref="RequestStore.CountByStageAsync"/>), and the first ten rows of the <c>AwaitingFunds</c>
/// partition (longest there first) with their requests read by point reads. Never
/// reads the <c>Requests</c> table as a whole. The oldest waiting approvals come from the inbox's index
/// (<see cref="PendingApprovalStore"/>), which holds each step's start, deadline and amount already.
/// Counting reads every index row, so the answer is kept for
/// <see cref="CacheFor"/>: admins polling a dashboard do not multiply the cost.
/// </summary>
public sealed class GetPipelineReport
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private const int ListLength = 10;

    private readonly RequestStore requests;
    private readonly PendingApprovalStore pendingApprovals;
    private readonly ReferenceDataProvider reference;
    private readonly TimeProvider clock;
    private readonly Lock sync = new();
    private (DateTimeOffset Started, Task<PipelineReport> Report)? current;

    public GetPipelineReport(RequestStore requests, PendingApprovalStore pendingApprovals, ReferenceDataProvider reference, TimeProvider clock)
    {
        this.requests = requests;
        this.pendingApprovals = pendingApprovals;
        this.reference = reference;
        this.clock = clock;
    }

    /// <summary>The report built at most <see cref="CacheFor"/> ago (callers at once share one build;
    /// one caller's cancellation stops only its own wait).</summary>
    public Task<PipelineReport> RunAsync(CancellationToken cancellationToken)
    {
        Task<PipelineReport> report;
        lock (sync)
        {
            var now = clock.GetUtcNow();
            if (current is not { } c || now - c.Started >= CacheFor || c.Report.IsFaulted || c.Report.IsCanceled)
            {
                current = (now, BuildAsync(CancellationToken.None));
            }

            report = current.Value.Report;
        }

        return report.WaitAsync(cancellationToken);
    }

    private async Task<PipelineReport> BuildAsync(CancellationToken cancellationToken)
    {
        var asOf = clock.GetUtcNow();
        var counts = await requests.CountByStageAsync(cancellationToken);
        var outcomes = Enum.GetValues<Outcome>().ToDictionary(o => o.ToString(), o => counts[RequestStore.StagePartition(Stage.Completed, o)], StringComparer.Ordinal);
        var stages = Enum.GetValues<Stage>().ToDictionary(
            s => s.ToString(),
            s => s == Stage.Completed ? outcomes.Values.Sum() : counts[RequestStore.StagePartition(s, null)],
            StringComparer.Ordinal);

        // Oldest first across every step of the policy, as the inbox pages them.
        var (approvals, _) = await pendingApprovals.PageAsync([.. reference.Data.Policy.AllSteps], [], null, null, ListLength, cancellationToken);
        var funds = await CurrentAsync(Stage.AwaitingFunds, cancellationToken);
        return new PipelineReport(
            stages,
            outcomes,
            [.. approvals.Select(a => new WaitingApprovalView(a.RequestId, a.Partner, a.Title, a.Step, a.Since, a.Deadline, a.EstimateEur))],
            [.. funds.Select(x => new WaitingForFundsView(x.Record.Id, x.Record.Partner, x.Record.Title, x.Entry.Since, x.Record.Estimate?.TotalEur))],
            asOf);
    }

    /// <summary>The first rows of a stage's partition whose request is still at that stage.</summary>
    private async Task<IReadOnlyList<(StageIndexEntry Entry, RequestRecord Record)>> CurrentAsync(Stage stage, CancellationToken cancellationToken)
    {
        var entries = await requests.FirstInPartitionAsync(RequestStore.StagePartition(stage, null), ListLength, cancellationToken);
        var records = await Task.WhenAll(entries.Select(e => requests.GetAsync(e.RequestId, cancellationToken)));
        return [.. entries.Zip(records).Where(x => x.Second is { Outcome: null } r && r.Stage == stage).Select(x => (x.First, x.Second!))];
    }
}
