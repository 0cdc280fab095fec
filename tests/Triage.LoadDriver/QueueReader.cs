using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Triage.LoadDriver;

/// <summary>A reader of one queue for the driver's tools: receives up to 32 at a time, hands each message
/// over, deletes it when the handler says so, and backs off while the queue is empty.</summary>
internal static class QueueReader
{
    private static readonly TimeSpan Invisible = TimeSpan.FromSeconds(30);

    /// <param name="handle">True when the message is done with; false leaves it to come back.</param>
    public static async Task RunAsync(QueueClient queue, Func<QueueMessage, Task<bool>> handle, CancellationToken stop)
    {
        var backoff = new PollBackoff();
        while (!stop.IsCancellationRequested)
        {
            QueueMessage[] batch;
            try
            {
                batch = (await queue.ReceiveMessagesAsync(32, Invisible, stop)).Value;
                await Task.WhenAll(batch.Select(async m =>
                {
                    if (await handle(m))
                    {
                        await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, CancellationToken.None);
                    }
                }));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or HttpRequestException)
            {
                // The queue not created yet, a message deleted twice, a storage hiccup or a timeout under
                // load (the SDK's network timeout is a cancellation too): read on, or the count freezes.
                batch = [];
            }

            await backoff.AfterAsync(batch.Length);
        }
    }
}
