using Triage.Application;
using Triage.Application.UseCases;
using Triage.Domain;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>The same workflow on the durable backend (Azure Storage on Azurite).</summary>
public sealed class AzureBackendTests(AzureHostFixture host) : IClassFixture<AzureHostFixture>
{
    [Fact]
    public async Task Georgia_ApprovedByQueue_OnTheDurableBackend()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia);
        await host.WaitForStepAsync(id, "desk-officer");
        await host.DecideByQueueAsync(id, "desk-officer");

        var done = await host.WaitForOutcomeAsync(id);
        Assert.Equal(Outcome.Approved, done.Outcome);
        Assert.All(await host.HoldingsAsync(id), h => Assert.Equal(Triage.Storage.HoldingState.Committed, h.State));
        await host.AssertLedgerInvariantAsync();
        var meta = await host.WaitForCompletionAsync(id);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
    }

    [Fact]
    public async Task AWaitingStep_HoldsOneDurableTimer()
    {
        // A durable timer stays a message in the engine's queue until its time, cancelled or not, and the
        // storage emulator reads every stored message on each queue call: one at a time, the deadline's
        // made when the reminder point has passed.
        var id = await host.SubmitAsync(Scenarios.Georgia, "Timers counted");
        await host.WaitForStepAsync(id, "desk-officer");

        // Read from the engine's own History table (the sidecar does not serve history to clients),
        // once the episode after the notification is committed: its timers are written together.
        var history = new Azure.Data.Tables.TableClient(TestStorage.ConnectionString, host.TaskHub + "History");
        var events = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!events.Contains("TimerCreated"))
        {
            await Task.Delay(200, timeout.Token);
            events.Clear();
            await foreach (var row in history.QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{id}'", cancellationToken: timeout.Token))
            {
                events.Add(row.GetString("EventType"));
            }
        }

        Assert.Single(events, e => e == "TimerCreated");
    }

    [Fact]
    public async Task Iraq_RejectedAtTheSecondStep_OnTheDurableBackend_ReleasesTheFunds()
    {
        var id = await host.SubmitAsync(Scenarios.Iraq);
        await host.WaitForStepAsync(id, "desk-officer");
        await host.DecideByQueueAsync(id, "desk-officer");
        await host.WaitForStepAsync(id, "asg-p");
        await host.DecideByQueueAsync(id, "asg-p", "reject");

        var done = await host.WaitForOutcomeAsync(id);
        Assert.Equal(Outcome.Rejected, done.Outcome);
        Assert.All(await host.HoldingsAsync(id), h => Assert.Equal(Triage.Storage.HoldingState.Released, h.State));
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task Withdrawal_OnTheDurableBackend_IsWithdrawn()
    {
        var id = await host.SubmitAsync(Scenarios.Jordan);
        await host.WaitForStepAsync(id, "desk-officer");
        Assert.True((await host.WithdrawAsync(id, "JOR")).Succeeded);
        Assert.Equal(Outcome.Withdrawn, (await host.WaitForOutcomeAsync(id)).Outcome);
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task Restart_OfATerminatedRequest_OnTheDurableBackend_RunsTheNextExecution()
    {
        var id = await host.SubmitAsync(Scenarios.Iraq, "Training, restarted on the durable backend");
        await host.WaitForStepAsync(id, "desk-officer");
        Assert.True((await host.DecideByHttpAsync(id, "desk-officer", Decision.Approve, "desk.officer@nato.int")).Succeeded);
        await host.WaitForStepAsync(id, "asg-p");
        await host.Client.TerminateInstanceAsync(id, "restart test");
        await host.WaitForCompletionAsync(id);

        var restarted = await host.UseCase<RestartInstance>().RunAsync(id, "admin", host.Client, CancellationToken.None);
        Assert.True(restarted.Succeeded, $"{restarted.Status} {restarted.Reason} {restarted.Message}");
        await host.WaitForStepAsync(id, "desk-officer");
        Assert.True((await host.DecideByHttpAsync(id, "desk-officer", Decision.Approve, "desk.officer@nato.int")).Succeeded);
        await host.WaitForStepAsync(id, "asg-p");
        Assert.True((await host.DecideByHttpAsync(id, "asg-p", Decision.Approve, "asg.p@nato.int")).Succeeded);

        Assert.Equal(Outcome.Approved, (await host.WaitForOutcomeAsync(id)).Outcome);
        await host.WaitForCompletionAsync(id);
        var again = await host.UseCase<RestartInstance>().RunAsync(id, "admin", host.Client, CancellationToken.None);
        Assert.Equal("HAS_OUTCOME", again.Reason);
        await host.AssertLedgerInvariantAsync();
    }
}
