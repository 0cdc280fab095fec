using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Triage.Contracts;
using Triage.Storage;
using Triage.Application.Messaging;

namespace Triage.Functions.Workflow;

/// <summary>
/// <c>approval-decisions</c> → the shared <see cref="ApprovalDecisionHandler"/>. The Functions runtime
/// applies the poison rule of host.json (<c>maxDequeueCount</c> 5 → <c>approval-decisions-poison</c>);
/// the self-host's poller applies the same one.
/// </summary>
public sealed class ApprovalDecisionsFunction
{
    public const string QueueName = "approval-decisions";

    private readonly ApprovalDecisionHandler handler;

    public ApprovalDecisionsFunction(ApprovalDecisionHandler handler)
    {
        this.handler = handler;
    }

    [Function("ApprovalDecisions")]
    public Task RunAsync(
        [QueueTrigger(QueueName, Connection = "AzureWebJobsStorage")] QueueMessage message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(message);
        return handler.HandleAsync(message.MessageText, message.DequeueCount, client, context.CancellationToken);
    }
}
