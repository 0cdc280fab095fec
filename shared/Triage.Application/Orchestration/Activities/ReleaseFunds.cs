using Triage.Application.Funds;

namespace Triage.Application.Orchestration.Activities;

/// <summary>Releases everything the request holds (every end but approval) and names the requests
/// waiting for funds that the freed money may pay for, oldest first, for the orchestration to wake.</summary>
public sealed class ReleaseFunds(ProgressRecorder progress, ReservationService reservations, WaitingRequests waiting) : TriageActivity<FundsInput, Settlement>
{
    public override async Task<Settlement> RunAsync(FundsInput input, CancellationToken cancellationToken)
    {
        // Stage Finalizing first, as in CommitFunds.
        await progress.RecordAsync(input.Progress, cancellationToken);
        var released = await reservations.ReleaseAsync(input.RequestId, input.At, input.ReverseCommitments, cancellationToken);
        if (released.Entries == 0)
        {
            return released;
        }

        return released with { Waiting = await waiting.FindAsync(released.FundIds, input.RequestId, cancellationToken) };
    }
}
