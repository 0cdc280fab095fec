using Azure.Data.Tables;
using Triage.Application.UseCases;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>The reconciler's sweep purges the engine's history of the orchestrations whose request has had
/// its outcome for longer than the retention period, on the Azure Storage backend: the request keeps its
/// row and timeline, a running orchestration is left alone, and a purge scheduled for a request that is
/// open again, or for an orchestration already gone, is dropped without touching anything else.</summary>
public sealed class HistoryRetentionTests(ShortRetentionHostFixture host) : IClassFixture<ShortRetentionHostFixture>
{
    private static readonly DateTimeOffset Later = new(2126, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private RequestStore Requests => host.UseCase<RequestStore>();

    [Fact]
    public async Task AFinishedOrchestration_IsPurgedAfterItsOutcome_TheRequestStays_ARunningOneIsNot()
    {
        var (finished, waiting, outcome) = await FinishedBesideWaitingAsync(host);
        await host.WaitForCompletionAsync(finished);
        var scheduled = Assert.Single(await DueAsync(finished));
        Assert.Equal(outcome.Timeline.Single(t => t.Kind == "outcome").At, scheduled.FinishedAt);
        Assert.Empty(await DueAsync(waiting));

        // A purge left for a request that is open (a reopening whose removal was lost), and one whose
        // orchestration is gone already (purged by another host): only their rows go.
        var gone = "GEO-20260101-000000000000";
        await ScheduleByHandAsync(waiting);
        await ScheduleByHandAsync(gone);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var report = await host.UseCase<ReconcileRequests>().RunAsync(false, "test", host.Client, CancellationToken.None);

        Assert.Empty(report.Errors);
        Assert.True(report.InstancesPurged >= 1, $"{report.InstancesPurged} purged");
        Assert.Null(await host.Client.GetInstanceAsync(finished));
        Assert.Empty(await DueAsync(finished));
        var request = (await host.GetAsync(finished))!;
        Assert.Equal(Outcome.Approved, request.Outcome);
        Assert.Contains(request.Timeline, t => t.Kind == "outcome");

        Assert.Empty(await DueAsync(waiting));
        Assert.Empty(await DueAsync(gone));
        Assert.NotNull(await host.Client.GetInstanceAsync(waiting));
        Assert.Equal(Stage.AwaitingApproval, (await host.GetAsync(waiting))!.Stage);
    }

    /// <summary>Two requests at the desk officer's step; the first approved there, up to its outcome's
    /// timeline entry (which follows the row that carries the outcome).</summary>
    internal static async Task<(string Finished, string Waiting, RequestView Outcome)> FinishedBesideWaitingAsync(HostFixture host)
    {
        var finished = await host.SubmitAsync(Scenarios.Georgia, "Missiles, decided and purged");
        var waiting = await host.SubmitAsync(Scenarios.Georgia, "Missiles, still waiting");
        await host.WaitForStepAsync(finished, "desk-officer");
        await host.WaitForStepAsync(waiting, "desk-officer");
        await host.DecideByQueueAsync(finished, "desk-officer");
        var outcome = await host.WaitForAsync(finished, r => r.Outcome is not null && r.Timeline.Any(t => t.Kind == "outcome"));
        return (finished, waiting, outcome);
    }

    private async Task ScheduleByHandAsync(string requestId)
    {
        var finishedAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        await host.Storage.Table(host.Storage.Names.HistoryPurges).UpsertEntityAsync(new TableEntity(
            TableExtensions.DayKey(finishedAt), $"{TableExtensions.TicksKey(finishedAt)}|{requestId}")
        {
            ["RequestId"] = requestId,
            ["FinishedTicks"] = finishedAt.UtcTicks,
        });
    }

    private async Task<List<HistoryPurge>> DueAsync(string requestId) =>
        [.. (await Requests.DuePurgesAsync(Later, 1000, CancellationToken.None)).Where(p => p.RequestId == requestId)];
}

/// <summary>The self-host purges finished orchestrations by itself between its sweeps
/// (<c>Reconciler:PurgeInterval</c>): nobody runs a sweep, and the finished request's orchestration goes
/// while the request, its timeline and a waiting request's orchestration stay.</summary>
public sealed class BackgroundPurgeTests(BackgroundPurgeHostFixture host) : IClassFixture<BackgroundPurgeHostFixture>
{
    [Fact]
    public async Task AFinishedOrchestration_IsPurgedBetweenSweeps_ARunningOneStays()
    {
        var (finished, waiting, _) = await HistoryRetentionTests.FinishedBesideWaitingAsync(host);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await host.Client.GetInstanceAsync(finished, timeout.Token) is not null)
        {
            await Task.Delay(250, timeout.Token);
        }

        var request = (await host.GetAsync(finished))!;
        Assert.Equal(Outcome.Approved, request.Outcome);
        Assert.Contains(request.Timeline, t => t.Kind == "outcome");
        Assert.DoesNotContain(await host.UseCase<RequestStore>().DuePurgesAsync(DateTimeOffset.UtcNow.AddYears(100), 1000, CancellationToken.None),
            p => p.RequestId == finished);
        Assert.NotNull(await host.Client.GetInstanceAsync(waiting));
        Assert.Equal(Stage.AwaitingApproval, (await host.GetAsync(waiting))!.Stage);
    }
}
