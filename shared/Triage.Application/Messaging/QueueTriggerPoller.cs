using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Triage.Storage;
using Triage.Application.Telemetry;
using Triage.Contracts;

namespace Triage.Application.Messaging;

/// <summary>
/// A queue trigger by the Functions runtime's rules, for the hosts that have no runtime to do it (the
/// self-host's <see cref="ApprovalDecisionPoller"/>, the Functions host harness): a received message is
/// invisible for the visibility timeout while it is handled; handled → deleted; failed → visible again
/// after <c>Queues:VisibilityTimeout</c>; failed on its <c>Queues:MaxDequeueCount</c>-th dequeue (5) →
/// copied to the <c>-poison</c> queue and deleted. Polls every <c>Queues:PollingInterval</c> (1 s) while
/// the queue is empty. What handling a message means is the subclass's.
/// </summary>
public abstract class QueueTriggerPoller : BackgroundService
{
    private const int BatchSize = 16;
    private readonly ApprovalDecisionQueue queue;
    private readonly PollerSettings settings;
    private readonly ILogger logger;

    protected QueueTriggerPoller(ApprovalDecisionQueue queue, PollerSettings settings, ILogger logger)
    {
        this.queue = queue;
        this.settings = settings;
        this.logger = logger;
    }

    /// <summary>Handles one message; throwing leaves it to the retry and poison rule.</summary>
    protected abstract Task HandleAsync(QueuedMessage message, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var received = await queue.ReceiveAsync(BatchSize, TimeSpan.FromMinutes(1), stoppingToken);
                if (received.Count == 0)
                {
                    await Task.Delay(settings.PollingInterval, stoppingToken);
                    continue;
                }

                await Task.WhenAll(received.Select(m => ProcessAsync(m, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Polling {Queue} failed; trying again", queue.Name);
                await Task.Delay(settings.PollingInterval, stoppingToken);
            }
        }
    }

    /// <summary>One message, by the Functions runtime's rule. Public so tests can drive it directly.</summary>
    public async Task ProcessAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        if (message.DequeueCount > settings.MaxDequeueCount)
        {
            // Dequeued too often without an outcome (e.g. the host died while handling it): as the
            // Functions runtime does, poison it without another try.
            await MoveToPoisonAsync(message, null, cancellationToken);
            return;
        }

        try
        {
            await HandleAsync(message, cancellationToken);
            await queue.DeleteAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, ex, cancellationToken);
            }
            else
            {
                logger.LogWarning(ex, "Message {MessageId} failed on dequeue {DequeueCount}; retrying in {Delay}", message.MessageId, message.DequeueCount, settings.VisibilityTimeout);
                await queue.RetryLaterAsync(message, settings.VisibilityTimeout, cancellationToken);
            }
        }
    }

    private async Task MoveToPoisonAsync(QueuedMessage message, Exception? error, CancellationToken cancellationToken)
    {
        logger.LogError(error, "Message {MessageId} failed on dequeue {DequeueCount}; moving it to {Poison}", message.MessageId, message.DequeueCount, queue.PoisonName);
        await queue.MoveToPoisonAsync(message, cancellationToken);
        TriageTelemetry.QueueMessages.Add(1, new KeyValuePair<string, object?>(TriageTelemetry.Tags.Queue, queue.Name), new KeyValuePair<string, object?>("direction", "poison"));
    }
}
