using Triage.Application;
using Triage.Domain;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

public sealed class FailureTests(FastFailureHostFixture host) : IClassFixture<FastFailureHostFixture>
{
    [Fact]
    public async Task AnActivityThatKeepsFailing_EndsTheRequestAsFailed_WithItsFundsReleased()
    {
        // Break the approvers' queue: NotifyApprovers fails after the funds were reserved.
        var queue = host.Storage.Queue(host.Storage.Names.ApprovalRequestsQueue);
        await queue.DeleteAsync();
        try
        {
            var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, broken queue");
            var done = await host.WaitForOutcomeAsync(id, TimeSpan.FromSeconds(60));

            Assert.Equal(Outcome.Failed, done.Outcome);
            Assert.Equal(ApprovalStatus.Cancelled, Assert.Single(done.Approvals).Status);
            var holdings = await host.HoldingsAsync(id);
            Assert.NotEmpty(holdings);
            Assert.All(holdings, h => Assert.Equal(Triage.Storage.HoldingState.Released, h.State));
            await host.AssertLedgerInvariantAsync();
        }
        finally
        {
            await queue.CreateIfNotExistsAsync();
        }
    }
}
