using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Triage.Storage;
using Triage.Contracts;
using Triage.Application.Telemetry;

namespace Triage.Application.Messaging;

/// <summary>
/// The self-host's stand-in for the Functions QueueTrigger on <c>approval-decisions</c>, with the same
/// rules: a received message is invisible for the visibility timeout while it is handled; handled →
/// deleted; failed → visible again after <c>Queues:VisibilityTimeout</c>; failed on its
/// <c>Queues:MaxDequeueCount</c>-th dequeue (5) → copied to <c>approval-decisions-poison</c> and deleted.
/// Polls every <c>Queues:PollingInterval</c> (1 s) while the queue is empty.
/// </summary>
public sealed class ApprovalDecisionPoller : BackgroundService
{
    private const int BatchSize = 16;
    private readonly StorageClients storage;
    private readonly ApprovalDecisionHandler handler;
    private readonly DurableTaskClient client;
    private readonly WorkflowOptions options;
    private readonly ILogger<ApprovalDecisionPoller> logger;

    public ApprovalDecisionPoller(StorageClients storage, ApprovalDecisionHandler handler, DurableTaskClient client, WorkflowOptions options, ILogger<ApprovalDecisionPoller> logger)
    {
        this.storage = storage;
        this.handler = handler;
        this.client = client;
        this.options = options;
        this.logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = storage.Queue(storage.Names.ApprovalDecisionsQueue);
        var poison = storage.Queue(storage.Names.ApprovalDecisionsPoisonQueue);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var received = await queue.ReceiveMessagesAsync(BatchSize, TimeSpan.FromMinutes(1), stoppingToken);
                if (received.Value.Length == 0)
                {
                    await Task.Delay(options.PollingInterval, stoppingToken);
                    continue;
                }

                await Task.WhenAll(received.Value.Select(m => ProcessAsync(queue, poison, m, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Polling {Queue} failed; trying again", queue.Name);
                await Task.Delay(options.PollingInterval, stoppingToken);
            }
        }
    }

    /// <summary>One message, by the Functions runtime's rule. Public so tests can drive it directly.</summary>
    public async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken cancellationToken)
    {
        if (message.DequeueCount > options.MaxDequeueCount)
        {
            // Dequeued too often without an outcome (e.g. the host died while handling it): as the
            // Functions runtime does, poison it without another try.
            await MoveToPoisonAsync(queue, poison, message, null, cancellationToken);
            return;
        }

        try
        {
            await handler.HandleAsync(message.MessageText, message.DequeueCount, client, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (message.DequeueCount >= options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message, ex, cancellationToken);
            }
            else
            {
                logger.LogWarning(ex, "Message {MessageId} failed on dequeue {DequeueCount}; retrying in {Delay}", message.MessageId, message.DequeueCount, options.VisibilityTimeout);
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: options.VisibilityTimeout, cancellationToken: cancellationToken);
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, Exception? error, CancellationToken cancellationToken)
    {
        logger.LogError(error, "Message {MessageId} failed on dequeue {DequeueCount}; moving it to {Poison}", message.MessageId, message.DequeueCount, poison.Name);
        await poison.SendMessageAsync(message.MessageText, cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        TriageTelemetry.QueueMessages.Add(1, new KeyValuePair<string, object?>(TriageTelemetry.Tags.Queue, queue.Name), new KeyValuePair<string, object?>("direction", "poison"));
    }
}
