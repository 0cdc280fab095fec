using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>A request with its timeline; null when there is none. Who may see it is the caller's
/// business (the API answers 404 for another partner's request).</summary>
public sealed class GetRequest
{
    private readonly RequestStore requests;
    private readonly TimelineStore timeline;

    public GetRequest(RequestStore requests, TimelineStore timeline)
    {
        this.requests = requests;
        this.timeline = timeline;
    }

    public async Task<RequestView?> RunAsync(string requestId, CancellationToken cancellationToken)
    {
        var r = await requests.GetAsync(requestId, cancellationToken);
        if (r is null)
        {
            return null;
        }

        var events = await timeline.ListAsync(requestId, cancellationToken);
        return new RequestView(r.Id, r.Partner, r.Title, r.Stage, r.Outcome, r.Eligibility, r.Estimate, r.Funding, r.Approvals, events, r.SubmittedAt, r.UpdatedAt);
    }
}
