using Triage.Application.Identity;
using Triage.Application.UseCases;
using Triage.Contracts;
using Triage.Domain;

namespace Triage.LocalHost;

/// <summary>
/// <c>--demo</c>: submits the example requests of docs/domain.md through the use cases (the same path as
/// the API) and moves some of them along, so a newcomer finds a living pipeline: Jordan approved, Iraq
/// waiting for the ASG-P, Libya in political review, Georgia with the desk officer, Russia ineligible.
/// Idempotency keys make a second <c>--demo</c> run find the same requests.
/// </summary>
internal static class Demo
{
    /// <summary>Who approves in the demo: one person per step, as their tokens would name them.</summary>
    private static readonly Dictionary<string, string> DemoApprovers = new Dictionary<string, string>
    {
        [ApprovalSteps.DeskOfficer] = "desk.officer@nato.int",
        [ApprovalSteps.AsgP] = "asg.p@nato.int",
        [ApprovalSteps.Dsg] = "dsg@nato.int",
        [ApprovalSteps.PoliticalReview] = "political.adviser@nato.int",
    };

    public static async Task RunAsync(TriageLocalHost host, TextWriter output, CancellationToken cancellationToken)
    {
        var submit = host.Services.GetRequiredService<SubmitRequest>();
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
            var submitted = await submit.RunAsync(new SubmitRequestCommand(scenario.Partner, input, $"demo-{scenario.Key}"), host.Client, cancellationToken);
            ids[scenario.Key] = submitted.RequestId;
            output.WriteLine($"  demo: {scenario.Partner} {scenario.Title} → {submitted.RequestId}");
        }

        await ApproveAsync(host, ids[Scenarios.Jordan.Key], cancellationToken, "desk-officer", "asg-p");
        await ApproveAsync(host, ids[Scenarios.Iraq.Key], cancellationToken, "desk-officer");
        output.WriteLine("  demo: Jordan approved, Iraq waits for the ASG-P, Libya for political review, Georgia for the desk officer, Russia ineligible.");
    }

    private static async Task ApproveAsync(TriageLocalHost host, string requestId, CancellationToken cancellationToken, params string[] steps)
    {
        var decide = host.Services.GetRequiredService<DecideStep>();
        foreach (var step in steps)
        {
            var subject = DemoApprovers[step];
            var approver = new Caller(subject, subject, new HashSet<string> { TriageRoles.Approver }, null, new HashSet<string> { step });
            if (!await WaitForStepAsync(host.Services.GetRequiredService<GetRequest>(), requestId, step, cancellationToken))
            {
                return; // Decided on an earlier --demo run, or the request went another way.
            }

            await decide.RunAsync(new DecisionCommand(requestId, step, Decision.Approve, approver, "Approved in the demo.", DecisionToken: null), host.Client, cancellationToken);
        }
    }

    private static async Task<bool> WaitForStepAsync(GetRequest get, string requestId, string step, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!timeout.IsCancellationRequested)
        {
            var request = await get.RunAsync(requestId, timeout.Token);
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
