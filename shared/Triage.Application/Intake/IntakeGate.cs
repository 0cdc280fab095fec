using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.Intake;

/// <summary>
/// The submit door: refuses new work while the engine's backlog — the open requests the engine still
/// has work on, those in a stage that waits for neither a person nor money (<see cref="EngineStages"/>)
/// — has reached <c>Intake:MaxBacklog</c>. The backlog is read from the stage index (one query of keys
/// per stage, each stopping at the limit) at most once per <see cref="Refresh"/> per process, by the
/// first submission that finds the last reading stale, the others sharing that read. While it is under
/// way, the last reading answers if it is younger than <see cref="MaxAge"/>: under steady traffic no
/// submission waits for the gate, and after a quiet spell the first ones wait for a fresh count. To
/// the reading the gate adds the submissions it let in that are still being recorded (a reading cannot
/// see them yet), so a burst does not pass on one stale count. An approximate figure by design: each
/// process adds only its own, and a request between its two stage writes may count twice.
/// </summary>
public sealed class IntakeGate
{
    /// <summary>How old a backlog reading may be before the next submission reads it again.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    /// <summary>How old the last reading may be to answer while the next one is under way.</summary>
    public static readonly TimeSpan MaxAge = 2 * Refresh;

    /// <summary>The stages whose requests the engine works through: counting only <c>Received</c> is not
    /// enough, the engine starts orchestrations faster than it carries them to their first wait.</summary>
    public static readonly IReadOnlyList<Stage> EngineStages = [Stage.Received, Stage.Screening, Stage.Costing, Stage.Funding, Stage.Finalizing];

    private readonly RequestStore requests;
    private readonly IntakeSettings settings;
    private readonly TimeProvider clock;
    private readonly Lock sync = new();
    private Task<int>? reading;
    private DateTimeOffset readAt;
    private Task<int>? lastRead;
    private DateTimeOffset lastReadAt;
    private int entering;

    public IntakeGate(RequestStore requests, IntakeSettings settings, TimeProvider clock)
    {
        this.requests = requests;
        this.settings = settings;
        this.clock = clock;
    }

    /// <summary>Null when the submission may go in (or the door has no limit): the caller then calls
    /// <see cref="Entered"/> once it is recorded. Otherwise why the door is shut.</summary>
    public async Task<IntakeRefusal?> TryEnterAsync(CancellationToken cancellationToken)
    {
        if (settings.MaxBacklog == 0)
        {
            return null;
        }

        var counted = await Current().WaitAsync(cancellationToken);
        var backlog = counted + Interlocked.Increment(ref entering) - 1;
        if (backlog < settings.MaxBacklog)
        {
            return null;
        }

        Interlocked.Decrement(ref entering);
        return new IntakeRefusal(backlog, settings.MaxBacklog, RetryAfter());
    }

    /// <summary>A submission let in by <see cref="TryEnterAsync"/> is recorded (or failed): the next
    /// reading counts it, if it is there.</summary>
    public void Entered()
    {
        if (settings.MaxBacklog != 0)
        {
            Interlocked.Decrement(ref entering);
        }
    }

    /// <summary>The current reading: the cached one while it is fresh; once it is stale (or failed) a new
    /// one is started, and until it is done the last successful one answers if it is younger than
    /// <see cref="MaxAge"/>. A failed reading is not kept, so the next submission tries again.</summary>
    private Task<int> Current()
    {
        lock (sync)
        {
            if (reading is { IsCompletedSuccessfully: true } && reading != lastRead)
            {
                (lastRead, lastReadAt) = (reading, readAt);
            }

            var now = clock.GetUtcNow();
            if (reading is null || (reading.IsCompleted && (!reading.IsCompletedSuccessfully || now - readAt >= Refresh)))
            {
                readAt = now;
                reading = CountAsync();
            }

            return reading.IsCompleted || lastRead is null || now - lastReadAt >= MaxAge ? reading : lastRead;
        }
    }

    /// <summary>Not any one caller's token: the count is shared, and one caller leaving must not fail it for the rest.</summary>
    private async Task<int> CountAsync()
    {
        var counts = await Task.WhenAll(EngineStages.Select(s => requests.CountInPartitionAsync(RequestStore.StagePartition(s, null), settings.MaxBacklog, CancellationToken.None)));
        return counts.Sum();
    }

    /// <summary>Whole seconds (what the header carries) from the setting up to twice it, at random.</summary>
    private TimeSpan RetryAfter()
    {
        var least = (int)Math.Ceiling(settings.RetryAfter.TotalSeconds);
        return TimeSpan.FromSeconds(Random.Shared.Next(least, 2 * least + 1));
    }
}
