using Triage.Application.UseCases;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>A host where nothing raises the step timers says so in its health: no step would ever be
/// reminded or expire.</summary>
public sealed class StepTimerHealthTests(StepTimersOffHostFixture host) : IClassFixture<StepTimersOffHostFixture>
{
    [Fact]
    public async Task ATimerOverdueByMoreThanAMinute_MakesTheHealthDegraded_NotUnavailable()
    {
        var before = await host.UseCase<CheckHealth>().RunAsync(host.Client, CancellationToken.None);
        Assert.Equal(CheckHealth.Ok, before.StepTimers);
        Assert.False(before.Degraded);

        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, nobody raises its deadline");
        var record = (await host.UseCase<RequestStore>().GetAsync(id, CancellationToken.None))!;
        var overdue = DateTimeOffset.UtcNow - CheckHealth.StepTimersOverdue - TimeSpan.FromSeconds(5);
        await host.UseCase<PendingApprovalStore>().SyncAsync(record.WaitingAt("desk-officer", since: overdue.AddDays(-5), deadline: overdue), CancellationToken.None);

        var after = await host.UseCase<CheckHealth>().RunAsync(host.Client, CancellationToken.None);
        Assert.Equal(CheckHealth.Behind, after.StepTimers);
        Assert.True(after.Healthy);
        Assert.True(after.Degraded);
    }
}
