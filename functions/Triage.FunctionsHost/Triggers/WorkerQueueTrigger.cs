using System.Text.Json;
using Google.Protobuf;
using Triage.Application.Messaging;
using Triage.FunctionsHost.Rpc;
using Triage.FunctionsHost.Worker;
using Triage.Storage;

namespace Triage.FunctionsHost.Triggers;

/// <summary>
/// A queue-triggered function, with the Functions runtime's queue listener rules from the app's
/// host.json (<see cref="QueueTriggerPoller"/>: poll, delete when the function succeeds, visible again
/// after <c>visibilityTimeout</c> when it fails, <c>{queue}-poison</c> after <c>maxDequeueCount</c>).
/// The message reaches the worker as the storage extension's deferred binding: model binding data
/// whose JSON the worker turns into a <c>QueueMessage</c>.
/// </summary>
public sealed class WorkerQueueTrigger(LoadedFunction function, FunctionInvoker invoker, ApprovalDecisionQueue queue, PollerSettings settings, ILogger<WorkerQueueTrigger> logger)
    : QueueTriggerPoller(queue, settings, logger)
{
    protected override async Task HandleAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var content = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["MessageId"] = message.MessageId,
            ["PopReceipt"] = message.PopReceipt,
            ["MessageText"] = message.Text,
            ["DequeueCount"] = message.DequeueCount,
        });
        var trigger = new TypedData
        {
            ModelBindingData = new ModelBindingData { Version = "1.0", Source = "AzureStorageQueues", ContentType = "application/json", Content = ByteString.CopyFrom(content) },
        };
        var metadata = new Dictionary<string, TypedData>
        {
            ["Id"] = new() { String = message.MessageId },
            ["DequeueCount"] = new() { Json = message.DequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        FunctionInvoker.EnsureSuccess(await invoker.InvokeAsync(function, trigger, cancellationToken, triggerMetadata: metadata), function);
    }

    /// <summary>The queue a trigger reads: its <c>queueName</c>, a <c>%setting%</c> resolved from the app settings.</summary>
    public static string QueueName(LoadedFunction function, IReadOnlyDictionary<string, string> appSettings)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(appSettings);
        var name = function.TriggerSetting("queueName") ?? throw new InvalidOperationException($"Function '{function.Name}' names no queue.");
        if (name.Length > 2 && name.StartsWith('%') && name.EndsWith('%'))
        {
            var setting = name[1..^1];
            name = appSettings.GetValueOrDefault(setting.Replace(":", "__", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"Function '{function.Name}' reads the queue named by app setting '{setting}', which is not set.");
        }

        return name;
    }
}
