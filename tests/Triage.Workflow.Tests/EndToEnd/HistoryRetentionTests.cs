using Triage.Application.UseCases;
using Triage.Domain;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>The reconciler's sweep purges the engine's history of finished orchestrations past the
/// retention period, on the Azure Storage backend; the request keeps its row and timeline, and a running
/// orchestration is left alone.</summary>
public sealed class HistoryRetentionTests(ShortRetentionHostFixture host) : IClassFixture<ShortRetentionHostFixture>
{
    [Fact]
    public async Task AFinishedOrchestration_IsPurged_TheRequestStays_ARunningOneIsNot()
    {
        var finished = await host.SubmitAsync(Scenarios.Georgia, "Missiles, decided and purged");
        var waiting = await host.SubmitAsync(Scenarios.Georgia, "Missiles, still waiting");
        await host.WaitForStepAsync(finished, "desk-officer");
        await host.WaitForStepAsync(waiting, "desk-officer");
        await host.DecideByQueueAsync(finished, "desk-officer");
        await host.WaitForOutcomeAsync(finished);
        await host.WaitForCompletionAsync(finished);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var report = await host.UseCase<ReconcileRequests>().RunAsync(false, "test", host.Client, CancellationToken.None);

        Assert.Empty(report.Errors);
        Assert.NotNull(report.StoppedListed);
        Assert.True(report.InstancesPurged >= 1, $"{report.InstancesPurged} purged");
        Assert.Null(await host.Client.GetInstanceAsync(finished));
        var request = (await host.GetAsync(finished))!;
        Assert.Equal(Outcome.Approved, request.Outcome);
        Assert.Contains(request.Timeline, t => t.Kind == "outcome");
        Assert.NotNull(await host.Client.GetInstanceAsync(waiting));
        Assert.Equal(Stage.AwaitingApproval, (await host.GetAsync(waiting))!.Stage);
    }
}
