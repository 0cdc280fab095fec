using Microsoft.DurableTask;
using Triage.Application;
using Microsoft.Extensions.DependencyInjection;
using Triage.Domain;
using Triage.Storage;
using Triage.Contracts;
using Triage.Application.UseCases;
using Triage.Application.Funds;
using Triage.Application.Orchestration;
using Triage.Application.Orchestration.Activities;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.Storage;

/// <summary>Every activity run twice has the effect of one run (a retry, or a duplicate delivery).</summary>
public sealed class ActivityIdempotencyTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private ServiceProvider services = null!;
    private FundLedgerStore ledger = null!;

    public async Task InitializeAsync()
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddTriageWorkflow(TestStorage.Configuration(TestStorage.NewPrefix()));
        services = collection.BuildServiceProvider();
        await ActivatorUtilities.CreateInstance<TriageStorageInitializer>(services).SeedAsync(CancellationToken.None);
        ledger = services.GetRequiredService<FundLedgerStore>();
    }

    public async Task DisposeAsync()
    {
        await TestStorage.DeleteAsync(services.GetRequiredService<StorageClients>());
        await services.DisposeAsync();
    }

    /// <summary>An activity as both hosts get it: the one instance in the workflow's services.</summary>
    private TActivity Activity<TActivity>()
        where TActivity : notnull => services.GetRequiredService<TActivity>();

    private async Task<(string Id, EstimateOutput Estimate)> RecordedAsync(Scenario scenario)
    {
        var id = $"{scenario.Partner}-20260301-{Guid.NewGuid().ToString("N")[..12]}";
        var items = scenario.Items.Select(i => new LineItemInput(i.Area, i.Participants, i.Weeks, i.Location)).ToList();
        await services.GetRequiredService<RequestStore>().TryInsertAsync(
            new RequestRecord(id, scenario.Partner, scenario.Title, scenario.Summary, items, new DateOnly(2026, 6, 1), null, Stage.Received, null, Stage.Received, null, null, null, null, [], At, At, "c", 1),
            CancellationToken.None);
        var screen = await Activity<ScreenRequest>().RunAsync(new ScreenInput(id, scenario.Partner, items), CancellationToken.None);
        var estimate = await Activity<EstimateCost>().RunAsync(new EstimateInput(id, scenario.Partner, items, screen.EligibleItems, screen.PoliticalReview), CancellationToken.None);
        return (id, estimate);
    }

    [Fact]
    public async Task TheSameStepComputedAgainLater_LeavesOneTimelineEntry_AtItsFirstTime()
    {
        // A crash between the messages an orchestration episode sent and its checkpoint replays the
        // episode: the activity runs again with the same step computed at a later time (a higher version).
        var (id, _) = await RecordedAsync(Scenarios.Russia);
        var recorder = Activity<ProgressRecorder>();
        var timeline = Activity<TimelineStore>();
        var ended = new RequestLifecycle(Stage.Completed, Outcome.Ineligible, Stage.Screening);
        RecordProgressInput Ended(long version, DateTimeOffset at) => new(
            new RequestUpdate(id, "RUS", version, at, ended, null, null, null, null, null),
            new TimelineEvent(id, at, "outcome", "outcome", "Ineligible: Ineligible: COOPERATION_SUSPENDED"),
            "c");

        await recorder.RecordAsync(Ended(At.AddMinutes(1).Ticks, At.AddMinutes(1)), CancellationToken.None);
        var again = await recorder.RecordAsync(Ended(At.AddMinutes(2).Ticks, At.AddMinutes(2)), CancellationToken.None);

        var outcome = Assert.Single(await timeline.ListAsync(id, CancellationToken.None), t => t.Kind == "outcome");
        Assert.Equal(At.AddMinutes(1), outcome.At);
        Assert.Equal(At.AddMinutes(2).Ticks, again!.Version);
    }

    [Fact]
    public void EveryActivityTheWorkerRegisters_IsTheOneInstanceInTheWorkflowServices_NamedAfterItsClass()
    {
        var registered = new DurableTaskRegistry().AddTriageTasks().GetActivities().ToList();

        Assert.Equal(WorkflowSetup.ActivityTypes.Count, registered.Count);
        Assert.All(registered, a =>
        {
            var activity = a.Value(services);
            Assert.Same(activity, a.Value(services));
            Assert.Same(activity, services.GetRequiredService(activity.GetType()));
            Assert.Equal(activity.GetType().Name, a.Key.Name);
        });
    }

    [Fact]
    public async Task CloseStep_ThroughTheWorkersEntry_RunsTheSameCode()
    {
        var decisions = services.GetRequiredService<DecisionStore>();
        await decisions.TryDecideAsync(new StepDecision("GEO-w", "asg-p", Decision.Reject, "asg.p@nato.int", "no", "queue", At), CancellationToken.None);
        ITaskActivity activity = Activity<CloseStep>();

        var closed = await activity.RunAsync(new WorkerContext(nameof(CloseStep)), new CloseStepInput("GEO-w", "asg-p", Decision.Expired, At.AddMinutes(1)));

        var holding = Assert.IsType<StepDecision>(closed);
        Assert.Equal((Decision.Reject, "asg.p@nato.int"), (holding.Decision, holding.Approver));
        Assert.Equal(holding, await Activity<CloseStep>().RunAsync(new CloseStepInput("GEO-w", "asg-p", Decision.Expired, At.AddMinutes(2)), CancellationToken.None));
    }

    [Fact]
    public async Task ReserveFunds_Twice_ReservesOnce_AndReturnsTheSamePlan()
    {
        var (id, estimate) = await RecordedAsync(Scenarios.Iraq);
        var input = new ReserveInput(id, "IRQ", estimate.Items, At, "c");

        var first = await Activity<ReserveFunds>().RunAsync(input, CancellationToken.None);
        var second = await Activity<ReserveFunds>().RunAsync(input, CancellationToken.None);

        Assert.True(first.Reserved);
        Assert.Equal(first.Plan, second.Plan);
        var holdings = await ledger.HoldingsAsync(id, ["dcb", "partnership-common"], CancellationToken.None);
        Assert.Equal(estimate.View.TotalEur, Assert.Single(holdings).AmountEur);
        Assert.Empty(await ledger.CheckInvariantAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReserveFunds_AfterARunThatDiedHalfWay_ReleasesThePart_AndReservesAFullPlan()
    {
        var (id, estimate) = await RecordedAsync(Scenarios.Jordan);
        // A crashed run got one fund of a two-fund plan.
        Assert.Equal(LedgerApply.Applied, await ledger.ReserveAsync("dcb", id, 1, 1000, estimate.View.TotalEur, 2, At, CancellationToken.None));

        var result = await Activity<ReserveFunds>().RunAsync(new ReserveInput(id, "JOR", estimate.Items, At, "c"), CancellationToken.None);

        Assert.True(result.Reserved);
        var holdings = await ledger.HoldingsAsync(id, ["dcb", "jordan-ammunition", "partnership-common"], CancellationToken.None);
        Assert.Equal(HoldingState.Released, holdings.Single(h => h.Round == 1).State);
        Assert.Equal(estimate.View.TotalEur, holdings.Where(h => h.State == HoldingState.Reserved).Sum(h => h.AmountEur));
        Assert.Empty(await ledger.CheckInvariantAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReserveFunds_RunLateAfterTheRequestSettled_ReservesNothing()
    {
        var (id, estimate) = await RecordedAsync(Scenarios.Georgia);
        var store = services.GetRequiredService<RequestStore>();
        await store.UpdateAsync(new RequestUpdate(id, "GEO", 9, At, new RequestLifecycle(Stage.Completed, Outcome.Rejected, Stage.AwaitingApproval), null, null, null, null, null), CancellationToken.None);

        var late = await Activity<ReserveFunds>().RunAsync(new ReserveInput(id, "GEO", estimate.Items, At, "c"), CancellationToken.None);

        Assert.False(late.Reserved);
        Assert.Empty(await ledger.HoldingsAsync(id, ["georgia", "dcb", "partnership-common"], CancellationToken.None));
    }

    [Fact]
    public async Task CommitAndRelease_OfOneReservation_OnlyTheFirstCounts()
    {
        var (id, estimate) = await RecordedAsync(Scenarios.Georgia);
        var reserved = await Activity<ReserveFunds>().RunAsync(new ReserveInput(id, "GEO", estimate.Items, At, "c"), CancellationToken.None);
        var holding = Assert.Single(await ledger.HoldingsAsync(id, ["georgia", "dcb", "partnership-common"], CancellationToken.None));

        Assert.Equal(LedgerApply.Applied, await ledger.CommitAsync(holding, At, CancellationToken.None));
        // The settle key holds the commit: a release of the same round is another change under it.
        Assert.Equal(LedgerApply.Conflict, await ledger.ReleaseAsync(holding, At, CancellationToken.None));
        Assert.Equal(LedgerApply.AlreadyApplied, await ledger.CommitAsync(holding, At, CancellationToken.None));
        Assert.Equal(HoldingState.Committed, Assert.Single(await ledger.HoldingsAsync(id, ["georgia"], CancellationToken.None)).State);
        Assert.Equal(1, reserved.Round);
        Assert.Empty(await ledger.CheckInvariantAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CommitFunds_CommitsThePlansRound_AndReleasesAStrayOne()
    {
        var (id, estimate) = await RecordedAsync(Scenarios.Georgia);
        var reserved = await Activity<ReserveFunds>().RunAsync(new ReserveInput(id, "GEO", estimate.Items, At, "c"), CancellationToken.None);
        // A stray round from a duplicate run.
        await ledger.ReserveAsync("partnership-common", id, 2, 500, 500, 1, At, CancellationToken.None);

        var committed = await Activity<CommitFunds>().RunAsync(new FundsInput(id, At, "c", Round: reserved.Round), CancellationToken.None);

        Assert.Equal((1, estimate.View.TotalEur), (committed.Entries, committed.AmountEur));
        var holdings = await ledger.HoldingsAsync(id, ["georgia", "partnership-common"], CancellationToken.None);
        Assert.Equal(HoldingState.Committed, holdings.Single(h => h.Round == reserved.Round).State);
        Assert.Equal(HoldingState.Released, holdings.Single(h => h.Round == 2).State);
        Assert.Empty(await ledger.CheckInvariantAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CommitAndRelease_Twice_ChangeTheBalanceOnce()
    {
        var (id, estimate) = await RecordedAsync(Scenarios.Georgia);
        await Activity<ReserveFunds>().RunAsync(new ReserveInput(id, "GEO", estimate.Items, At, "c"), CancellationToken.None);
        var before = (await ledger.GetBalanceAsync("georgia", CancellationToken.None))!;

        var first = await Activity<CommitFunds>().RunAsync(new FundsInput(id, At, "c"), CancellationToken.None);
        var second = await Activity<CommitFunds>().RunAsync(new FundsInput(id, At, "c"), CancellationToken.None);
        var release = await Activity<ReleaseFunds>().RunAsync(new FundsInput(id, At, "c"), CancellationToken.None);

        Assert.Equal((1, estimate.View.TotalEur), (first.Entries, first.AmountEur));
        Assert.Equal(0, second.Entries);
        Assert.Equal(0, release.Entries);
        var after = (await ledger.GetBalanceAsync("georgia", CancellationToken.None))!;
        Assert.Equal(before.ReservedEur - estimate.View.TotalEur, after.ReservedEur);
        Assert.Equal(before.CommittedEur + estimate.View.TotalEur, after.CommittedEur);
        Assert.Empty(await ledger.CheckInvariantAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RecordProgress_Twice_WritesOneTimelineEntry_AndAnOlderVersionNeverWins()
    {
        var (id, _) = await RecordedAsync(Scenarios.Georgia);
        var newer = new RequestUpdate(id, "GEO", 3, At, new RequestLifecycle(Stage.Costing, null, Stage.Costing), null, null, null, null, null);
        var older = newer with { Version = 2, Lifecycle = new RequestLifecycle(Stage.Screening, null, Stage.Screening) };
        var e = new TimelineEvent(id, At, "stage:Costing", "stage", "Costing");

        await Activity<RecordProgress>().RunAsync(new RecordProgressInput(newer, e, "c"), CancellationToken.None);
        await Activity<RecordProgress>().RunAsync(new RecordProgressInput(newer, e, "c"), CancellationToken.None);
        await Activity<RecordProgress>().RunAsync(new RecordProgressInput(older, null, "c"), CancellationToken.None);

        var record = (await services.GetRequiredService<RequestStore>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal(Stage.Costing, record.Stage);
        var timeline = await services.GetRequiredService<TimelineStore>().ListAsync(id, CancellationToken.None);
        Assert.Single(timeline, t => t.Detail == "Costing");
    }

    [Fact]
    public async Task CloseStep_AfterAPersonDecided_ReturnsThePersonsDecision()
    {
        var decisions = services.GetRequiredService<DecisionStore>();
        await decisions.TryDecideAsync(new StepDecision("GEO-x", "desk-officer", Decision.Approve, "desk.officer@nato.int", "ok", "queue", At), CancellationToken.None);

        var closed = await Activity<CloseStep>().RunAsync(new CloseStepInput("GEO-x", "desk-officer", Decision.Expired, At.AddMinutes(1)), CancellationToken.None);
        var again = await Activity<CloseStep>().RunAsync(new CloseStepInput("GEO-x", "desk-officer", Decision.Expired, At.AddMinutes(2)), CancellationToken.None);

        Assert.Equal((Decision.Approve, "desk.officer@nato.int"), (closed.Decision, closed.Approver));
        Assert.Equal(closed, again);
    }

    [Fact]
    public async Task ReadDecision_Twice_ReadsTheSameRow_OfItsGenerationOnly()
    {
        var decisions = services.GetRequiredService<DecisionStore>();
        await decisions.TryDecideAsync(new StepDecision("GEO-r", "asg-p", Decision.Reject, "asg.p@nato.int", "no", "http", At, Generation: 1), CancellationToken.None);

        var first = await Activity<ReadDecision>().RunAsync(new ReadDecisionInput("GEO-r", "asg-p", 1), CancellationToken.None);
        var again = await Activity<ReadDecision>().RunAsync(new ReadDecisionInput("GEO-r", "asg-p", 1), CancellationToken.None);
        var otherGeneration = await Activity<ReadDecision>().RunAsync(new ReadDecisionInput("GEO-r", "asg-p", 0), CancellationToken.None);
        var otherStep = await Activity<ReadDecision>().RunAsync(new ReadDecisionInput("GEO-r", "dsg", 1), CancellationToken.None);

        Assert.Equal(new StepDecision("GEO-r", "asg-p", Decision.Reject, "asg.p@nato.int", "no", "http", At, 1), first);
        Assert.Equal(first, again);
        Assert.Null(otherGeneration);
        Assert.Null(otherStep);
    }

    [Fact]
    public async Task CloseStep_InAnotherGeneration_DoesNotSeeTheEarlierDecision()
    {
        var decisions = services.GetRequiredService<DecisionStore>();
        await decisions.TryDecideAsync(new StepDecision("GEO-g", "desk-officer", Decision.Approve, "desk.officer@nato.int", "ok", "queue", At), CancellationToken.None);

        var closed = await Activity<CloseStep>().RunAsync(new CloseStepInput("GEO-g", "desk-officer", Decision.Expired, At.AddMinutes(1), Generation: 1), CancellationToken.None);

        Assert.Equal((Decision.Expired, "system", 1), (closed.Decision, closed.Approver, closed.Generation));
        Assert.Equal(Decision.Approve, (await decisions.GetAsync("GEO-g", "desk-officer", 0, CancellationToken.None))!.Decision);
    }

    [Fact]
    public async Task NotifyApprovers_Twice_IssuesTwoTokens_EachValid_OnlyTheHashesAreStored()
    {
        var decisions = services.GetRequiredService<DecisionStore>();
        var input = new NotifyApproversInput("GEO-y", "GEO", "t", "desk-officer", 100, [new PlanLineView("georgia", 100)], At.AddHours(1), false, "c");
        await Activity<NotifyApprovers>().RunAsync(input, CancellationToken.None);
        await Activity<NotifyApprovers>().RunAsync(input, CancellationToken.None);

        var storage = services.GetRequiredService<StorageClients>();
        var messages = (await storage.Queue(storage.Names.ApprovalRequestsQueue).PeekMessagesAsync(32)).Value
            .Select(m => System.Text.Json.JsonSerializer.Deserialize<Triage.Contracts.ApprovalRequestMessage>(m.MessageText, Triage.Storage.QueueSender.Json)!)
            .Where(m => m.RequestId == "GEO-y").ToList();
        Assert.Equal(2, messages.Count);
        foreach (var m in messages)
        {
            Assert.True(await decisions.TokenMatchesAsync("GEO-y", "desk-officer", 0, m.DecisionToken, CancellationToken.None));
            Assert.False(await decisions.TokenMatchesAsync("GEO-y", "desk-officer", 1, m.DecisionToken, CancellationToken.None));
        }

        var table = storage.Table(storage.Names.Decisions);
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "GEO-y"))
        {
            Assert.DoesNotContain(messages, m => row.RowKey.Contains(m.DecisionToken, StringComparison.Ordinal));
        }
    }

    private sealed class WorkerContext(string name) : TaskActivityContext
    {
        public override TaskName Name => name;

        public override string InstanceId => "GEO-w";
    }
}
