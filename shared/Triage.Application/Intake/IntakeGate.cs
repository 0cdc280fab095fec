using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.Intake;

/// <summary>
/// The submit door: refuses new work while the engine's backlog — requests submitted but not yet
/// started, the <c>Received</c> partition of the stage index — has reached <c>Intake:MaxBacklog</c>.
/// The backlog is read at most once per <see cref="Refresh"/> per process, by one caller, the others
/// sharing that read, so a submission pays nothing for the gate but an await; it is an approximate
/// figure by design (up to a second old, and a request between its stage writes may count twice).
/// </summary>
public sealed class IntakeGate
{
    /// <summary>How old a backlog reading may be before the next submission reads it again.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    private static readonly string Waiting = RequestStore.StagePartition(Stage.Received, null);
    private readonly RequestStore requests;
    private readonly IntakeSettings settings;
    private readonly TimeProvider clock;
    private readonly Lock sync = new();
    private Task<int>? reading;
    private DateTimeOffset readAt;

    public IntakeGate(RequestStore requests, IntakeSettings settings, TimeProvider clock)
    {
        this.requests = requests;
        this.settings = settings;
        this.clock = clock;
    }

    /// <summary>Null when the door is open (or has no limit); otherwise why it is shut.</summary>
    public async Task<IntakeRefusal?> CheckAsync(CancellationToken cancellationToken)
    {
        if (settings.MaxBacklog == 0)
        {
            return null;
        }

        var backlog = await BacklogAsync().WaitAsync(cancellationToken);
        return backlog < settings.MaxBacklog ? null : new IntakeRefusal(backlog, settings.MaxBacklog, RetryAfter());
    }

    /// <summary>The current reading: the cached one while it is fresh or still under way, else a new
    /// one. A failed reading is not kept, so the next submission tries again.</summary>
    private Task<int> BacklogAsync()
    {
        lock (sync)
        {
            var now = clock.GetUtcNow();
            if (reading is null || (reading.IsCompleted && (!reading.IsCompletedSuccessfully || now - readAt >= Refresh)))
            {
                readAt = now;
                // Not any one caller's token: the reading is shared, and one caller leaving must not fail it for the rest.
                reading = requests.CountInPartitionAsync(Waiting, settings.MaxBacklog, CancellationToken.None);
            }

            return reading;
        }
    }

    /// <summary>Whole seconds (what the header carries) from the setting up to twice it, at random.</summary>
    private TimeSpan RetryAfter()
    {
        var least = (int)Math.Ceiling(settings.RetryAfter.TotalSeconds);
        return TimeSpan.FromSeconds(Random.Shared.Next(least, 2 * least + 1));
    }
}
