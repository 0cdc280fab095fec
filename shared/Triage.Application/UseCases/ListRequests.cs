using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>One page of requests matching the query, in storage order (partner, then request id). The
/// query arrives checked: the API validated it and forced a partner's own code into it.</summary>
public sealed class ListRequests
{
    private readonly RequestStore requests;

    public ListRequests(RequestStore requests)
    {
        this.requests = requests;
    }

    public async Task<RequestPage> RunAsync(RequestQuery query, CancellationToken cancellationToken)
    {
        var (items, continuation) = await requests.QueryAsync(query, cancellationToken);
        return new RequestPage(
            [.. items.Select(r => new RequestSummaryView(r.Id, r.Partner, r.Title, r.Stage, r.Outcome, r.Estimate?.TotalEur, r.Funding?.ShortfallEur, r.PendingStep, r.SubmittedAt, r.UpdatedAt))],
            continuation);
    }
}
