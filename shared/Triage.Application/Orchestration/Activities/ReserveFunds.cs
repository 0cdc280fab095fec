using Triage.Application.Funds;
using Triage.Storage;

namespace Triage.Application.Orchestration.Activities;

/// <summary>Plans and reserves the request's funding (<see cref="ReservationService.ReserveAsync"/>: a
/// repeated run returns the reservation it made), or says what is short.</summary>
public sealed class ReserveFunds(ProgressRecorder progress, ReservationService reservations, TimelineStore timeline, ReferenceDataProvider reference) : TriageActivity<ReserveInput, Reservation>
{
    public override async Task<Reservation> RunAsync(ReserveInput input, CancellationToken cancellationToken)
    {
        // The row as this write left it is the stage the reservation checks first (no read of its own).
        var stored = await progress.RecordAsync(input.Progress, cancellationToken);
        var data = await reference.ForRequestAsync(input.ReferenceVersion, cancellationToken);
        var result = await reservations.ReserveAsync(input.RequestId, input.Partner, input.Items, input.At, data, stored, cancellationToken);
        if (result.Reserved)
        {
            var plan = string.Join(", ", result.Plan.Select(p => $"€{p.AmountEur:#,0} from {p.FundId}"));
            await timeline.AppendAsync(new TimelineEvent(input.RequestId, input.At, "funds:reserved", "funding", "Reserved " + plan), cancellationToken);
        }

        return result;
    }
}
