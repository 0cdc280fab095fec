namespace Triage.Application.Orchestration.Activities;

/// <summary>A read-model write on its own, for a change no other activity carries (a funds shortfall, a
/// reminder sent).</summary>
public sealed class RecordProgress(ProgressRecorder progress) : TriageActivity<RecordProgressInput, bool>
{
    public override async Task<bool> RunAsync(RecordProgressInput input, CancellationToken cancellationToken)
    {
        await progress.RecordAsync(input, cancellationToken);
        return true;
    }
}
