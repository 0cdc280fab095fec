using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Triage.Storage;

/// <summary>
/// The <c>approval-decisions</c> queue and its poison queue, for the self-host's poller (the Functions
/// app's QueueTrigger reads the queue itself): receive a batch, delete a handled message, make a failed
/// one visible again later, move one that keeps failing to <c>approval-decisions-poison</c>.
/// </summary>
public sealed class ApprovalDecisionQueue
{
    private readonly QueueClient queue;
    private readonly QueueClient poison;

    public ApprovalDecisionQueue(StorageClients storage)
        : this(storage, storage.Names.ApprovalDecisionsQueue)
    {
    }

    /// <summary>The queue of that name and its poison queue (<c>{name}-poison</c>, the Functions runtime's naming).</summary>
    public ApprovalDecisionQueue(StorageClients storage, string queueName)
    {
        ArgumentNullException.ThrowIfNull(storage);
        queue = storage.Queue(queueName);
        poison = storage.Queue(queueName + "-poison");
    }

    public string Name => queue.Name;

    public string PoisonName => poison.Name;

    /// <summary>Up to <paramref name="maxMessages"/> messages, each invisible to others for <paramref name="visibility"/>.</summary>
    public async Task<IReadOnlyList<QueuedMessage>> ReceiveAsync(int maxMessages, TimeSpan visibility, CancellationToken cancellationToken)
    {
        QueueMessage[] received = (await queue.ReceiveMessagesAsync(maxMessages, visibility, cancellationToken)).Value;
        return [.. received.Select(m => new QueuedMessage(m.MessageId, m.PopReceipt, m.MessageText, m.DequeueCount))];
    }

    public Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken) =>
        queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);

    /// <summary>Leaves the message on the queue, visible again after <paramref name="delay"/>.</summary>
    public Task RetryLaterAsync(QueuedMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
        queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: delay, cancellationToken: cancellationToken);

    /// <summary>Copies the message to the poison queue, then deletes it here.</summary>
    public async Task MoveToPoisonAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        await poison.SendMessageAsync(message.Text, cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }
}
