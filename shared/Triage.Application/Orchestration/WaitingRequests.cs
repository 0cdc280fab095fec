using Microsoft.DurableTask.Client;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>
/// Who to wake when money appears (a contribution, or a reservation given back): the open requests
/// waiting for funds — or still planning, which may be about to wait — that one of the funds may pay
/// for, oldest first, so the longest-waiting request gets the first chance at the money.
/// </summary>
public sealed class WaitingRequests
{
    private static readonly string[] Waiting = [RequestStore.StagePartition(Stage.AwaitingFunds, null), RequestStore.StagePartition(Stage.Funding, null)];

    private readonly RequestStore requests;
    private readonly ReferenceDataProvider reference;
    private readonly TimeProvider clock;

    public WaitingRequests(RequestStore requests, ReferenceDataProvider reference, TimeProvider clock)
    {
        this.requests = requests;
        this.reference = reference;
        this.clock = clock;
    }

    /// <summary>The ids to send <c>FundsChanged</c>, oldest first; <paramref name="except"/> is left out
    /// (the request giving the money back).</summary>
    public async Task<IReadOnlyList<string>> FindAsync(IReadOnlyCollection<string> fundIds, string? except, CancellationToken cancellationToken)
    {
        var data = reference.Data;
        var funds = fundIds.Select(data.FindFund).ToList();
        // From the stage index: only the requests at those two stages are read, never the Requests table.
        var waiting = await requests.InPartitionsAsync(Waiting, cancellationToken);
        return [.. waiting
            .Where(r => r.RequestId != except)
            .Where(r =>
            {
                var partner = data.FindPartner(r.Partner);
                // A fund no longer in the reference data, or an unknown partner: wake it, planning will tell.
                return partner is null || funds.Any(f => f is null || r.Areas.Any(area => f.MayPayFor(partner, area)));
            })
            .OrderBy(r => r.SubmittedAt)
            .Select(r => r.RequestId)
            .Distinct()];
    }

    /// <summary>Raises <c>FundsChanged</c> on every request <see cref="FindAsync"/> names, oldest first
    /// (from outside an orchestration: a use case); returns how many were woken.</summary>
    public async Task<int> WakeAsync(DurableTaskClient client, IReadOnlyCollection<string> fundIds, string? except, CancellationToken cancellationToken)
    {
        var waiting = await FindAsync(fundIds, except, cancellationToken);
        var changed = new FundsChangedEvent(string.Join(',', fundIds), clock.GetUtcNow());
        foreach (var id in waiting)
        {
            await client.RaiseEventAsync(id, TriageEvents.FundsChanged, changed, cancellationToken);
        }

        return waiting.Count;
    }
}
