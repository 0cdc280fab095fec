using System.Text.Json;
using Azure.Storage.Queues;
using Triage.Contracts;

namespace Triage.Storage;

/// <summary>Writes the outgoing messages.</summary>
public sealed class QueueSender
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly StorageClients storage;

    public QueueSender(StorageClients storage)
    {
        this.storage = storage;
    }

    public Task SendApprovalRequestAsync(ApprovalRequestMessage message, CancellationToken cancellationToken) =>
        SendAsync(storage.Queue(storage.Names.ApprovalRequestsQueue), message, cancellationToken);

    public Task SendPartnerNotificationAsync(PartnerNotificationMessage message, CancellationToken cancellationToken) =>
        SendAsync(storage.Queue(storage.Names.PartnerNotificationsQueue), message, cancellationToken);

    private static async Task SendAsync<T>(QueueClient queue, T message, CancellationToken cancellationToken)
    {
        await queue.SendMessageAsync(JsonSerializer.Serialize(message, Json), cancellationToken);
        TriageTelemetry.QueueMessages.Add(1, new KeyValuePair<string, object?>(TriageTelemetry.Tags.Queue, queue.Name), new KeyValuePair<string, object?>("direction", "send"));
    }
}
