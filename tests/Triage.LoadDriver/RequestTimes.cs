using System.Diagnostics;

namespace Triage.LoadDriver;

/// <summary>
/// One request's moments as the driver saw them (<see cref="Stopwatch"/> timestamps, 0 = not yet):
/// first sent, last sent (after <see cref="Shed"/> answers of 503 + Retry-After), answered (202), its
/// first approval notification read from the queue, the driver's last decision posted, its outcome read
/// from <c>partner-notifications</c>. Submit → answer is the last attempt's; submit → notification counts
/// from the first, so the time spent shed at the door is in it.
/// </summary>
internal sealed class RequestTimes
{
    private long firstNotified;

    public string? Id { get; set; }
    public string? Partner { get; set; }
    public long Submitted { get; set; }
    public long Sent { get; set; }
    public int Shed { get; set; }
    public long Answered { get; set; }
    public int Status { get; set; }
    public long LastDecided { get; set; }
    public long Outcome { get; set; }
    public string? OutcomeName { get; set; }

    public long FirstNotified => Interlocked.Read(ref firstNotified);

    public bool Accepted => Status == 202;

    public double? SubmitToAnswer => Answered > 0 ? Ms(Sent > 0 ? Sent : Submitted, Answered) : null;

    public double? SubmitToFirstNotification => Submitted > 0 && FirstNotified > 0 ? Ms(Submitted, FirstNotified) : null;

    public double? DecisionToOutcome => LastDecided > 0 && Outcome > 0 ? Ms(LastDecided, Outcome) : null;

    /// <summary>Keeps the first notification's time only (reminders and redeliveries come later).</summary>
    public void Notified(long at) => Interlocked.CompareExchange(ref firstNotified, at, 0);

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
