namespace Triage.Application.UseCases;

/// <summary>
/// How the reconciler runs (settings <c>Reconciler:*</c>, docs/decisions/0015):
/// <paramref name="Interval"/> between the self-host's sweeps (zero: none; the Functions app's timer is
/// every 5 minutes); <paramref name="MinimumAge"/>, how old a request whose orchestration does not exist
/// must be before it is settled (a request just submitted has its row before its instance), and how long
/// ago a stage index row or request row must have changed for the stage index's repair to touch it (a
/// move may be under way);
/// <paramref name="FullSweepInterval"/>, how often a sweep also scans the whole <c>Requests</c> table
/// rather than only the index of open requests; <paramref name="TerminateWait"/>, how long a terminate
/// waits for the instance to stop and settles it itself before leaving it to the reconciler;
/// <paramref name="HistoryRetention"/>, how long after a request's outcome the engine keeps its
/// orchestration's history before a sweep purges it (zero: kept for ever; the request's own row and
/// timeline always stay); <see cref="PurgeInterval"/>, how often the self-host also purges between sweeps.
/// <para>On the storage emulator the defaults are <see cref="OnEmulator"/>: Azurite's table store reads
/// every row of the engine's <c>History</c> for each history load, and compares every stored instance's
/// row for each history row written, so a busy self-host falls behind once a thousand or so finished
/// orchestrations are kept (docs/decisions/0041).</para>
/// </summary>
public sealed record ReconcilerSettings(TimeSpan Interval, TimeSpan MinimumAge, TimeSpan FullSweepInterval, TimeSpan TerminateWait, TimeSpan HistoryRetention)
{
    public static readonly ReconcilerSettings Default = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromDays(1), TimeSpan.FromSeconds(10), TimeSpan.FromDays(30));

    /// <summary>The defaults on the storage emulator: finished orchestrations kept 20 seconds after their
    /// outcome and purged every 10 seconds.</summary>
    public static readonly ReconcilerSettings OnEmulator = Default with { HistoryRetention = TimeSpan.FromSeconds(20), PurgeInterval = TimeSpan.FromSeconds(10) };

    /// <summary>How often the self-host purges finished orchestrations past <see cref="HistoryRetention"/>
    /// between its sweeps (zero, or not shorter than <see cref="Interval"/>: only at the end of each
    /// sweep). The Functions app purges at the end of its sweeps only.</summary>
    public TimeSpan PurgeInterval { get; init; }

    /// <summary>Open requests read per page of the index (and requests settled at once).</summary>
    public int PageSize { get; init; } = 100;
}
