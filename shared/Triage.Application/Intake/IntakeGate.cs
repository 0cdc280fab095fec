using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.Intake;

/// <summary>
/// The submit door: refuses new work while the engine's backlog — the open requests the engine still
/// has work on, those in a stage that waits for neither a person nor money (<see cref="EngineStages"/>)
/// — has reached <c>Intake:MaxBacklog</c>. The backlog is read from the stage index (one query of keys
/// per stage, each stopping at the limit) at most once per <see cref="Refresh"/> per process, by one
/// caller, the others sharing that read, so a submission pays nothing for the gate but an await. Between readings the
/// gate adds the submissions it let through since the last one, so a burst within a second does not
/// pass on one stale zero. An approximate figure by design: each process counts only its own
/// admissions, and a request between its two stage writes may count twice.
/// </summary>
public sealed class IntakeGate
{
    /// <summary>How old a backlog reading may be before the next submission reads it again.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    /// <summary>The stages whose requests the engine works through: counting only <c>Received</c> is not
    /// enough, the engine starts orchestrations faster than it carries them to their first wait.</summary>
    public static readonly IReadOnlyList<Stage> EngineStages = [Stage.Received, Stage.Screening, Stage.Costing, Stage.Funding, Stage.Finalizing];

    private readonly RequestStore requests;
    private readonly IntakeSettings settings;
    private readonly TimeProvider clock;
    private readonly Lock sync = new();
    private Reading? current;

    public IntakeGate(RequestStore requests, IntakeSettings settings, TimeProvider clock)
    {
        this.requests = requests;
        this.settings = settings;
        this.clock = clock;
    }

    /// <summary>Null when the submission may go in (counted as admitted), or the door has no limit;
    /// otherwise why it is shut.</summary>
    public async Task<IntakeRefusal?> CheckAsync(CancellationToken cancellationToken)
    {
        if (settings.MaxBacklog == 0)
        {
            return null;
        }

        var reading = Current();
        var counted = await reading.Count.WaitAsync(cancellationToken);
        var backlog = counted + Interlocked.Increment(ref reading.Admitted) - 1;
        if (backlog < settings.MaxBacklog)
        {
            return null;
        }

        Interlocked.Decrement(ref reading.Admitted);
        return new IntakeRefusal(backlog, settings.MaxBacklog, RetryAfter());
    }

    /// <summary>The current reading: the cached one while it is fresh or still under way, else a new
    /// one. A failed reading is not kept, so the next submission tries again.</summary>
    private Reading Current()
    {
        lock (sync)
        {
            var now = clock.GetUtcNow();
            if (current is not { } r || (r.Count.IsCompleted && (!r.Count.IsCompletedSuccessfully || now - r.At >= Refresh)))
            {
                // Not any one caller's token: the count is shared, and one caller leaving must not fail it for the rest.
                current = new Reading(CountAsync(), now);
            }

            return current;
        }
    }

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

    /// <summary>One count of the backlog (stopping at the limit), when it was started, and how many
    /// submissions were let through on it.</summary>
    private sealed class Reading(Task<int> count, DateTimeOffset at)
    {
        public int Admitted;

        public Task<int> Count { get; } = count;

        public DateTimeOffset At { get; } = at;
    }
}
