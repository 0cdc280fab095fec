using Microsoft.DurableTask.Client;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>
/// Who to wake when money appears (a contribution, or a reservation given back): the open requests
/// waiting for funds — or still planning, which may be about to wait — that one of the funds may pay
/// for (by the reference data version each was screened with), oldest first, so the longest-waiting
/// request gets the first chance at the money.
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
        // From the stage index: only the requests at those two stages are read, never the Requests table
        // as a whole; each one's row by a point read, for the reference data version it was screened with.
        var waiting = await requests.InPartitionsAsync(Waiting, cancellationToken);
        var wake = new List<StageIndexEntry>();
        foreach (var r in waiting.Where(r => r.RequestId != except))
        {
            // On the reference data the request was screened with, which its planning uses too.
            var version = (await requests.GetAsync(r.RequestId, cancellationToken))?.ReferenceVersion;
            var data = await reference.ForRequestAsync(version, cancellationToken);
            var partner = data.FindPartner(r.Partner);
            var funds = fundIds.Select(data.FindFund).ToList();

            // A fund not in that version, or an unknown partner: wake it, planning will tell.
            if (partner is null || funds.Any(f => f is null || r.Areas.Any(area => f.MayPayFor(partner, area))))
            {
                wake.Add(r);
            }
        }

        return [.. wake.OrderBy(r => r.SubmittedAt).Select(r => r.RequestId).Distinct()];
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
