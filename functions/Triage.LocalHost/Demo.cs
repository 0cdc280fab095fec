using Microsoft.DurableTask.Client;
using Triage.Domain;
using Triage.Storage;
using Triage.Contracts;
using Triage.Application.UseCases;

namespace Triage.LocalHost;

/// <summary>
/// <c>--demo</c>: submits the example requests of docs/domain.md through the application service (the
/// same path as the API) and moves some of them along, so a newcomer finds a living pipeline: Jordan
/// approved, Iraq waiting for the ASG-P, Libya in political review, Georgia with the desk officer,
/// Russia ineligible. Idempotency keys make a second <c>--demo</c> run find the same requests.
/// </summary>
internal static class Demo
{
    public static async Task RunAsync(TriageLocalHost host, TextWriter output, CancellationToken cancellationToken)
    {
        var service = host.Services.GetRequiredService<ITriageServiceFactory>().Create(host.Client);
        var ids = new Dictionary<string, string>();
        foreach (var scenario in new[] { Scenarios.Libya, Scenarios.Iraq, Scenarios.Jordan, Scenarios.Georgia, Scenarios.Russia })
        {
            var input = new SubmitRequestInput(
                scenario.Partner,
                scenario.Title,
                scenario.Summary,
                [.. scenario.Items.Select(i => new LineItemInput(i.Area, i.Participants, i.Weeks, i.Location))],
                DateOnly.FromDateTime(DateTime.UtcNow.AddDays(90)),
                new ContactInput($"{scenario.Partner} liaison officer", $"liaison@{scenario.Partner.ToLowerInvariant()}.example"));
            var submitted = await service.SubmitAsync(scenario.Partner, input, $"demo-{scenario.Key}", cancellationToken);
            ids[scenario.Key] = submitted.RequestId;
            output.WriteLine($"  demo: {scenario.Partner} {scenario.Title} → {submitted.RequestId}");
        }

        await ApproveAsync(service, ids[Scenarios.Jordan.Key], cancellationToken, "desk-officer", "asg-p");
        await ApproveAsync(service, ids[Scenarios.Iraq.Key], cancellationToken, "desk-officer");
        output.WriteLine("  demo: Jordan approved, Iraq waits for the ASG-P, Libya for political review, Georgia for the desk officer, Russia ineligible.");
    }

    private static async Task ApproveAsync(ITriageService service, string requestId, CancellationToken cancellationToken, params string[] steps)
    {
        foreach (var step in steps)
        {
            var approver = DecisionStore.SeedApprovers.First(a => a.Step == step).Approver;
            if (!await WaitForStepAsync(service, requestId, step, cancellationToken))
            {
                return; // Decided on an earlier --demo run, or the request went another way.
            }

            await service.DecideAsync(new DecisionCommand(requestId, step, Decision.Approve, approver, "Approved in the demo.", null, [step]), cancellationToken);
        }
    }

    private static async Task<bool> WaitForStepAsync(ITriageService service, string requestId, string step, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!timeout.IsCancellationRequested)
        {
            var request = await service.GetAsync(requestId, timeout.Token);
            var approval = request?.Approvals.FirstOrDefault(a => a.Step == step);
            if (request?.Outcome is not null || approval is { Status: not (ApprovalStatus.Pending or ApprovalStatus.NotReached) })
            {
                return false;
            }

            if (approval?.Status == ApprovalStatus.Pending && request?.Stage == Stage.AwaitingApproval)
            {
                return true;
            }

            await Task.Delay(200, timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        return false;
    }
}
