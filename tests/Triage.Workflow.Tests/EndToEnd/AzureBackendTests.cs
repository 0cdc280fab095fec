using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Triage.Application;
using Triage.Application.Orchestration;
using Triage.Application.UseCases;
using Triage.Contracts;
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
    public async Task AWaitingStep_HoldsNoDurableTimer_ItsTimersAreRowsOfStepTimers()
    {
        // A durable timer stays a message in the engine's queue until its time, cancelled or not, and the
        // storage emulator reads every stored message on each queue call: a waiting step's reminder point
        // and deadline are table rows instead, raised as events when due.
        var id = await host.SubmitAsync(Scenarios.Georgia, "Timers counted");
        var waiting = await host.WaitForStepAsync(id, "desk-officer");
        var step = Assert.Single(waiting.Approvals);

        var timers = new Azure.Data.Tables.TableClient(TestStorage.ConnectionString, host.Storage.Names.StepTimers);
        var rows = new List<(string Kind, long At)>();
        await foreach (var row in timers.QueryAsync<Azure.Data.Tables.TableEntity>($"RequestId eq '{id}'"))
        {
            rows.Add((row.GetString("Kind"), row.GetInt64("AtTicks") ?? 0));
        }

        Assert.Equal([("deadline", step.Deadline!.Value.UtcTicks), ("reminder", step.ReminderAt!.Value.UtcTicks)], rows.Order());

        Assert.DoesNotContain("TimerCreated", await SettledHistoryAsync(id));
    }

    [Fact]
    public async Task ARequestWaitingForFunds_HoldsNoDurableTimer_ItsLimitIsARowOfStepTimers()
    {
        await using (await FundBlocker.BlockAsync(host.Ledger, "georgia", "dcb", "partnership-common"))
        {
            var id = await host.SubmitAsync(Scenarios.Georgia, "Funds wait counted");
            var waiting = await host.WaitForAsync(id, r => r.Stage == Stage.AwaitingFunds);

            var timer = Assert.Single(await host.UseCase<Triage.Storage.PendingApprovalStore>().DueTimersAsync(DateTimeOffset.UtcNow.AddYears(1), 1000, CancellationToken.None), t => t.RequestId == id);
            Assert.Equal(waiting.Funding!.WaitUntil, timer.At);
            Assert.DoesNotContain("TimerCreated", await SettledHistoryAsync(id));

            Assert.True((await host.WithdrawAsync(id, "GEO")).Succeeded);
            Assert.Equal(Outcome.Withdrawn, (await host.WaitForOutcomeAsync(id)).Outcome);
        }
    }

    /// <summary>The instance's history events, read from the engine's own History table (the sidecar does
    /// not serve history to clients) once the episode that scheduled its last activities is committed:
    /// every activity scheduled has completed.</summary>
    private async Task<List<string>> SettledHistoryAsync(string id)
    {
        var history = new Azure.Data.Tables.TableClient(TestStorage.ConnectionString, host.TaskHub + "History");
        var events = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        do
        {
            await Task.Delay(200, timeout.Token);
            events.Clear();
            await foreach (var row in history.QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{id}'", cancellationToken: timeout.Token))
            {
                events.Add(row.GetString("EventType"));
            }
        }
        while (events.Count(e => e == "TaskCompleted") < events.Count(e => e == "TaskScheduled") || !events.Contains("TaskCompleted"));

        return events;
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

    [Fact]
    public async Task OneSubmitSentFourTimesAtOnce_IsOneRequest_RunByOneExecution()
    {
        // Each copy may find the request row new or made, and start its orchestration: the starts carry
        // the same key, so the engine runs them as one execution (without its own check of start messages).
        var scenario = Scenarios.Georgia;
        var input = new SubmitRequestInput(
            scenario.Partner, "Submitted four times at once", scenario.Summary,
            [.. scenario.Items.Select(i => new LineItemInput(i.Area, i.Participants, i.Weeks, i.Location))],
            DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(2)), new ContactInput("Test", "test@example.org"));
        var key = Guid.NewGuid().ToString("N");
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            host.UseCase<SubmitRequest>().RunAsync(new SubmitRequestCommand(scenario.Partner, input, key), host.Client, CancellationToken.None))));
        var id = Assert.Single(results.Select(r => r.RequestId).Distinct());

        await host.WaitForStepAsync(id, "desk-officer");
        await host.DecideByQueueAsync(id, "desk-officer");
        Assert.Equal(Outcome.Approved, (await host.WaitForOutcomeAsync(id)).Outcome);
        await host.WaitForCompletionAsync(id);
        await AssertOneExecutionAsync(id);
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task AStartRepeatedWhileTheRequestWaits_IsLeftOut_AndTheRequestGoesOn()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Started again while waiting");
        await host.WaitForStepAsync(id, "desk-officer");
        var running = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        var input = running!.ReadInputAs<TriageInput>()!;

        // The same start again (a late retry): its message reaches the waiting orchestration's session.
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TriageOrchestration), input, OrchestrationStart.For(input));
        await host.DecideByQueueAsync(id, "desk-officer");

        Assert.Equal(Outcome.Approved, (await host.WaitForOutcomeAsync(id)).Outcome);
        var done = await host.WaitForCompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

        // Once more after the end: the finished execution is not run again, and the instance reads as it was.
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TriageOrchestration), input, OrchestrationStart.For(input));
        var after = await host.WaitForCompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, after.RuntimeStatus);
        Assert.Equal(done.SerializedOutput, after.SerializedOutput);
        Assert.Equal(Outcome.Approved, (await host.GetAsync(id))!.Outcome);
        await AssertOneExecutionAsync(id);
    }

    /// <summary>The instance's history, as the engine stored it: one start, one execution id.</summary>
    private async Task AssertOneExecutionAsync(string instanceId)
    {
        var history = new TableClient(TestStorage.ConnectionString, host.TaskHub + "History");
        var rows = new List<TableEntity>();
        await foreach (var row in history.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId))
        {
            rows.Add(row);
        }

        Assert.Single(rows, r => r.GetString("EventType") == "ExecutionStarted");
        Assert.Single(rows.Select(r => r.GetString("ExecutionId")).Where(e => e is not null).Distinct());
    }
}
