using Microsoft.DurableTask.Client;
using Triage.Application.Orchestration;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>Withdraws an open request of this partner: another partner's request is not found, a
/// finished one is a conflict. The orchestration releases the reservation when it takes the event.</summary>
public sealed class WithdrawRequest
{
    private readonly RequestStore requests;
    private readonly TimelineStore timeline;
    private readonly TimeProvider clock;

    public WithdrawRequest(RequestStore requests, TimelineStore timeline, TimeProvider clock)
    {
        this.requests = requests;
        this.timeline = timeline;
        this.clock = clock;
    }

    public async Task<CommandResult> RunAsync(string requestId, string partner, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var r = await requests.GetAsync(requestId, cancellationToken);
        if (r is null || !string.Equals(r.Partner, partner, StringComparison.OrdinalIgnoreCase))
        {
            // Another partner's request answers exactly like a missing one.
            return new CommandResult(CommandStatus.NotFound, "NOT_FOUND", $"No request '{requestId}' exists.");
        }

        if (!r.IsOpen)
        {
            return new CommandResult(CommandStatus.Conflict, "REQUEST_FINISHED", $"Request {requestId} is {r.Outcome} already.");
        }

        var at = clock.GetUtcNow();
        await client.RaiseEventAsync(requestId, TriageEvents.Withdraw, new WithdrawEvent(partner, at), cancellationToken);
        await timeline.AppendAsync(new TimelineEvent(requestId, at, "withdraw:asked", "withdrawal", "Withdrawal asked", partner), cancellationToken);
        return CommandResult.Ok;
    }
}
