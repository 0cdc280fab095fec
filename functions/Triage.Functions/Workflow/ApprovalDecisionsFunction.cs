using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Triage.Contracts;
using Triage.Storage;
using Triage.Application.Messaging;

namespace Triage.Functions.Workflow;

/// <summary>
/// <c>approval-decisions</c> → the shared <see cref="ApprovalDecisionHandler"/>. The Functions runtime
/// applies the poison rule of host.json (<c>maxDequeueCount</c> 5 → <c>approval-decisions-poison</c>);
/// the self-host's poller applies the same one. The queue's name is the app setting
/// <see cref="StorageNames.ApprovalDecisionsQueueSetting"/> (a <c>%…%</c> binding expression the host
/// resolves from its app settings), so it follows <c>Storage:NamePrefix</c>; <see cref="EnsureQueueSetting"/>
/// stops the worker at start when the setting is not the name approvers are told.
/// </summary>
public sealed class ApprovalDecisionsFunction
{
    public const string QueueName = "%" + StorageNames.ApprovalDecisionsQueueSetting + "%";

    private readonly ApprovalDecisionHandler handler;

    public ApprovalDecisionsFunction(ApprovalDecisionHandler handler)
    {
        this.handler = handler;
    }

    /// <summary>Throws at start when the trigger's queue setting is not the decisions queue of the
    /// configured prefix (StorageNames), the one approvers are told to answer on.</summary>
    public static void EnsureQueueSetting(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problem = new StorageNames(configuration[StorageNames.PrefixSetting]).ApprovalDecisionsQueueSettingProblem(configuration[StorageNames.ApprovalDecisionsQueueSetting]);
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }
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
