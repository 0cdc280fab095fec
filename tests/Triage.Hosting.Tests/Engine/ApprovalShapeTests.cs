using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Triage.HostCommon.Engine;
using Triage.LocalHost;
using Triage.LocalHost.Engine;

namespace Triage.Hosting.Tests.Engine;

/// <summary>
/// The bare engine's shape of a request, which the load driver measures beside the product: as many
/// activity calls as the product's common path (3 before the first notification, a notification and
/// a call per step, a call and the outcome's message after), one message per step and one at the end,
/// and a wait for each step's decision event.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApprovalShapeTests
{
    [Fact]
    public async Task TheShape_TellsEachStep_WaitsForItsDecision_AndMakesTheProductsActivityCalls()
    {
        await using var host = await TriageLocalHost.StartAsync(new LocalHostOptions
        {
            Backend = EngineBackend.Memory,
            Diagnostics = true,
            NamePrefix = "shape" + Guid.NewGuid().ToString("N")[..10],
            Settings = new Dictionary<string, string?>
            {
                ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Auth:DevelopmentKey"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            },
        });
        var notifications = host.Storage.Queue(EngineChecks.ShapeNotificationQueue);
        var outcomes = host.Storage.Queue(EngineChecks.ShapeOutcomeQueue);
        await notifications.CreateIfNotExistsAsync();
        await outcomes.CreateIfNotExistsAsync();
        var id = "shape-" + Guid.NewGuid().ToString("N");

        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(EngineChecks.ApprovalShapeOrchestration), new EngineChecks.ApprovalShapeInput(Steps: 2), new StartOrchestrationOptions(id));

        for (var step = 0; step < 2; step++)
        {
            Assert.Equal(step, await NextAsync(notifications, id));
            var running = await host.Client.GetInstanceAsync(id);
            Assert.Equal(OrchestrationRuntimeStatus.Running, running?.RuntimeStatus);
            await host.Client.RaiseEventAsync(id, EngineChecks.DecisionEvent, "approve");
        }

        Assert.Equal(-1, await NextAsync(outcomes, id));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        // One "!" per call of the appending activity: 3 before, one per step, 1 after.
        Assert.Equal(id + new string('!', 3 + 2 + 1), done.ReadOutputAs<string>());
    }

    /// <summary>The step of this instance's next message on <paramref name="queue"/> (others are left).</summary>
    private static async Task<int> NextAsync(QueueClient queue, string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1), timeout.Token)).Value)
            {
                using var json = JsonDocument.Parse(message.Body.ToMemory());
                if (json.RootElement.GetProperty("instanceId").GetString() == id)
                {
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, timeout.Token);
                    return json.RootElement.GetProperty("step").GetInt32();
                }
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
