using Triage.Application.Identity;
using Triage.Application.UseCases;
using Triage.Domain;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.Storage;

/// <summary>A step that expires at its deadline leaves the inbox (seconds-long policy timings).</summary>
public sealed class PendingApprovalExpiryTests(ShortDeadlineHostFixture host) : IClassFixture<ShortDeadlineHostFixture>
{
    [Fact]
    public async Task AnExpiredStep_LeavesTheInbox()
    {
        var admin = new Caller("admin", "admin", new HashSet<string> { TriageRoles.Admin }, null, new HashSet<string>());
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, left to expire");
        await host.WaitForStepAsync(id, "desk-officer");
        var waiting = await host.UseCase<ListInbox>().RunAsync(admin, null, 200, CancellationToken.None);
        Assert.Contains(waiting.Items, i => i.Id == id);

        var done = await host.WaitForOutcomeAsync(id, TimeSpan.FromSeconds(30));

        Assert.Equal(Outcome.Expired, done.Outcome);
        var after = await host.UseCase<ListInbox>().RunAsync(admin, null, 200, CancellationToken.None);
        Assert.DoesNotContain(after.Items, i => i.Id == id);
    }
}
