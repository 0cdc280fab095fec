using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>
/// A request with its timeline; null when there is none. Who may see it is the caller's business (the
/// API answers 404 for another partner's request); what they see is the <see cref="RequestAudience"/>'s.
/// A partner's view leaves out who approved or rejected and their comments (in the approvals and on the
/// timeline), the refused decision attempts, and who did anything on the timeline.
/// </summary>
public sealed class GetRequest
{
    private readonly RequestStore requests;
    private readonly TimelineStore timeline;

    public GetRequest(RequestStore requests, TimelineStore timeline)
    {
        this.requests = requests;
        this.timeline = timeline;
    }

    /// <summary>The staff view.</summary>
    public Task<RequestView?> RunAsync(string requestId, CancellationToken cancellationToken) =>
        RunAsync(requestId, RequestAudience.Staff, cancellationToken);

    public async Task<RequestView?> RunAsync(string requestId, RequestAudience audience, CancellationToken cancellationToken)
    {
        var r = await requests.GetAsync(requestId, cancellationToken);
        if (r is null)
        {
            return null;
        }

        var entries = await timeline.ListEntriesAsync(requestId, cancellationToken);
        if (audience == RequestAudience.Staff)
        {
            return new RequestView(r.Id, r.Partner, r.Title, r.Stage, r.Outcome, r.Eligibility, r.Estimate, r.Funding, r.Approvals, [.. entries.Select(e => e.ToView())], r.SubmittedAt, r.UpdatedAt, r.ReferenceVersion);
        }

        var approvals = r.Approvals.Select(a => a with { Approver = null, Comment = null, EscalatedTo = null }).ToList();
        var events = entries.Where(e => e.Kind != "decision-refused").Select(ForPartner).ToList();
        return new RequestView(r.Id, r.Partner, r.Title, r.Stage, r.Outcome, r.Eligibility, r.Estimate, r.Funding, approvals, events, r.SubmittedAt, r.UpdatedAt, r.ReferenceVersion);
    }

    /// <summary>An entry without its actor and comment. A decision's entry says the step and the decision
    /// only ("asg-p: approve"): older entries carried the channel and the comment in the detail itself.</summary>
    private static TimelineEntryView ForPartner(TimelineEntry e)
    {
        var detail = e.Detail;
        if (e.Kind == "decision" && detail.IndexOf(" via ", StringComparison.Ordinal) is var via and >= 0)
        {
            detail = detail[..via];
        }

        return new TimelineEntryView(e.At, e.Kind, detail);
    }
}
