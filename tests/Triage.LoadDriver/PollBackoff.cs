namespace Triage.LoadDriver;

/// <summary>
/// How long a queue reader waits after an empty receive: 50 ms, doubling up to 250 ms while the queue
/// stays empty, back to nothing as soon as a receive brings messages. On Azurite every receive reads all
/// the messages stored in the account (the durable timers of every waiting request among them), so a
/// reader asking 20 times a second would itself load the emulator being measured; 250 ms at most keeps
/// the delay it adds to a measured notification small.
/// </summary>
internal sealed class PollBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(250);
    private TimeSpan next = First;

    /// <summary>After a receive of <paramref name="received"/> messages: waits if there were none.</summary>
    public async Task AfterAsync(int received)
    {
        if (received > 0)
        {
            next = First;
            return;
        }

        await Task.Delay(next, CancellationToken.None);
        next = next * 2 < Longest ? next * 2 : Longest;
    }
}
