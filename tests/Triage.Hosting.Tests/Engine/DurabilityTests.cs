using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Triage.LocalHost.Engine;
using Triage.Testing;

namespace Triage.Hosting.Tests.Engine;

/// <summary>
/// The durable backend survives kill -9: the self-host runs as its own process on the Azure Storage
/// backend (Azurite), an orchestration waits for an event with a durable timer as its deadline, the
/// process is killed without warning and started again.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DurabilityTests
{
    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task KillDashNine_WhileWaitingForEvent_EventAfterRestartCompletesOrchestration()
    {
        await using var host = new SelfHostProcess(AzureBackendArgs());
        await host.StartAsync();
        var id = $"dur-event-{Guid.NewGuid():N}";
        await using (var services = host.CreateClientServices())
        {
            var client = services.GetRequiredService<DurableTaskClient>();
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(EngineChecks.SignalOrDeadlineOrchestration), TimeSpan.FromMinutes(10), new StartOrchestrationOptions { InstanceId = id });
            await WaitForStatusAsync(client, id, OrchestrationRuntimeStatus.Running);
        }

        await host.KillAsync();
        var restart = await host.StartAsync();

        await using (var services = host.CreateClientServices())
        {
            var client = services.GetRequiredService<DurableTaskClient>();
            var before = await client.GetInstanceAsync(id);
            Assert.Equal(OrchestrationRuntimeStatus.Running, before?.RuntimeStatus);

            await client.RaiseEventAsync(id, EngineChecks.SignalEvent, "after-restart");
            var done = await WaitForCompletionAsync(host, client, id);

            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal("signal:after-restart", done.ReadOutputAs<string>());
        }

        Assert.True(restart < TimeSpan.FromSeconds(60), host.Output);
    }

    [Fact]
    public async Task KillDashNine_WhileTimerPending_TimerFiresAfterRestart()
    {
        await using var host = new SelfHostProcess(AzureBackendArgs());
        await host.StartAsync();
        var id = $"dur-timer-{Guid.NewGuid():N}";
        var wait = TimeSpan.FromSeconds(8);
        var clock = Stopwatch.StartNew();
        await using (var services = host.CreateClientServices())
        {
            var client = services.GetRequiredService<DurableTaskClient>();
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(EngineChecks.SignalOrDeadlineOrchestration), wait, new StartOrchestrationOptions { InstanceId = id });
            await WaitForStatusAsync(client, id, OrchestrationRuntimeStatus.Running);
        }

        await host.KillAsync();
        await host.StartAsync();

        await using (var services = host.CreateClientServices())
        {
            var client = services.GetRequiredService<DurableTaskClient>();
            var done = await WaitForCompletionAsync(host, client, id);

            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal("deadline", done.ReadOutputAs<string>());
            Assert.True(clock.Elapsed >= wait, $"The timer fired early: {clock.Elapsed}.");
        }
    }

    private static string[] AzureBackendArgs() =>
    [
        "--Durable:Backend=Azure",
        $"--Durable:TaskHubName=dur{Guid.NewGuid():N}"[..30],
        $"--Storage:NamePrefix=d{Guid.NewGuid():N}"[..24],
        "--Diagnostics:Enabled=true",
    ];

    private static async Task<OrchestrationMetadata> WaitForCompletionAsync(SelfHostProcess host, DurableTaskClient client, string id)
    {
        using var timeout = new CancellationTokenSource(CompletionTimeout);
        try
        {
            return await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{id} did not complete in {CompletionTimeout}. Host output:\n{host.Output}");
            throw;
        }
    }

    private static async Task WaitForStatusAsync(DurableTaskClient client, string id, OrchestrationRuntimeStatus status)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var instance = await client.GetInstanceAsync(id, timeout.Token);
            if (instance?.RuntimeStatus == status)
            {
                // Let the checkpoint that records the timer and the event subscription reach storage.
                await Task.Delay(500, timeout.Token);
                return;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
