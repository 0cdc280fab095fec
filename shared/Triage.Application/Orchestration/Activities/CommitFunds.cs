using Triage.Application.Funds;

namespace Triage.Application.Orchestration.Activities;

/// <summary>Commits the round the orchestration's plan names (approved), if it holds exactly that plan
/// (else it throws and commits nothing), and releases anything else the request still holds.</summary>
public sealed class CommitFunds(ProgressRecorder progress, ReservationService reservations) : TriageActivity<FundsInput, Settlement>
{
    public override async Task<Settlement> RunAsync(FundsInput input, CancellationToken cancellationToken)
    {
        // The progress (stage Finalizing) is written before the holdings are read, so a late ReserveFunds
        // run sees the request settling (see ReservationService.ReserveAsync).
        await progress.RecordAsync(input.Progress, cancellationToken);
        return await reservations.CommitAsync(input.RequestId, input.Round, input.Plan, input.At, cancellationToken);
    }
}
