using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Triage.Storage;

namespace Triage.Application.Messaging;

/// <summary>
/// The self-host's stand-in for the Functions QueueTrigger on <c>approval-decisions</c>: the runtime's
/// rules (<see cref="QueueTriggerPoller"/>) around the shared <see cref="ApprovalDecisionHandler"/>.
/// </summary>
public sealed class ApprovalDecisionPoller : QueueTriggerPoller
{
    private readonly ApprovalDecisionHandler handler;
    private readonly DurableTaskClient client;

    public ApprovalDecisionPoller(ApprovalDecisionQueue queue, ApprovalDecisionHandler handler, DurableTaskClient client, PollerSettings settings, ILogger<ApprovalDecisionPoller> logger)
        : base(queue, settings, logger)
    {
        this.handler = handler;
        this.client = client;
    }

    protected override Task HandleAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return handler.HandleAsync(message.Text, message.DequeueCount, client, cancellationToken);
    }
}
