using Triage.Application;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Triage.Domain;
using Triage.Testing;
using Triage.Contracts;
using Triage.Application.UseCases;
using Triage.Storage;
using Triage.Application.Funds;
using Triage.Application.Messaging;
using Triage.Workflow.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>Reliability: kill -9 the self-host with 100 requests in flight at mixed stages, start it
/// again: every request reaches the end it would have reached, once; the ledger invariant holds.</summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Requests = 100;

    [Fact]
    public async Task KillDashNine_With100RequestsInFlight_EveryRequestReachesItsOutcomeOnce()
    {
        var prefix = TestStorage.NewPrefix();
        await using var host = new SelfHostProcess(
            "--Durable:Backend=Azure",
            $"--Durable:TaskHubName={prefix}hub",
            $"--{StorageClients.ConnectionName}={TestStorage.ConnectionString}",
            $"--{StorageNames.PrefixSetting}={prefix}",
            "--Logging:LogLevel:Default=Warning",
            "--Policy:StepDeadline=00:10:00",
            "--Policy:Reminder=00:09:00",
            "--Policy:FundsWaitLimit=00:10:00",
            // Kept for the check of every orchestration's end below (on Azurite the default is 20 s).
            "--Reconciler:HistoryRetention=00:30:00",
            "--Queues:PollingInterval=00:00:00.200",
            "--Queues:VisibilityTimeout=00:00:01",
            $"--Auth:SigningKey={TestStorage.SigningKeyBase64}",
            "--Auth:DevelopmentKey=false");
        await host.StartAsync();
        var storage = TestStorage.Clients(prefix);
        try
        {
            // Plenty of money everywhere, so the expected end depends only on the request.
            var ledger = new FundLedgerStore(storage);
            foreach (var fund in new[] { "dcb", "partnership-common", "georgia", "jordan-ammunition" })
            {
                await ledger.ContributeAsync(fund, "crash-test", 1_000_000_000, "test", "test", null, DateTimeOffset.UtcNow, CancellationToken.None);
            }

            using var stopApprover = new CancellationTokenSource();
            var approver = Task.Run(() => ApproveAsync(storage, stopApprover.Token));

            var expected = new Dictionary<string, Outcome>();
            string[] ids;
            await using (var services = host.CreateClientServices(s => s.AddTriageWorkflow(TestStorage.Configuration(prefix))))
            {
                var client = services.GetRequiredService<DurableTaskClient>();
                var submit = services.GetRequiredService<SubmitRequest>();
                var list = services.GetRequiredService<ListRequests>();
                var kinds = Enumerable.Range(0, Requests).Select(i => (i % 5) switch
                {
                    0 => (Scenarios.Georgia, Outcome.Approved, $"Missiles #{i}"),
                    1 => (Scenarios.Iraq, Outcome.Approved, $"Training #{i}"),
                    2 => (Scenarios.Jordan, Outcome.Approved, $"Ammunition #{i}"),
                    3 => (Scenarios.Russia, Outcome.Ineligible, $"Exercise #{i}"),
                    _ => (Scenarios.Georgia, Outcome.Rejected, $"Missiles #{i} reject"),
                }).ToList();
                ids = await Task.WhenAll(kinds.Select(async k =>
                {
                    var input = new SubmitRequestInput(k.Item1.Partner, k.Item3, k.Item1.Summary,
                        [.. k.Item1.Items.Select(x => new LineItemInput(x.Area, x.Participants, x.Weeks, x.Location))],
                        DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(2)), new ContactInput("Test", "t@example.org"));
                    var r = await submit.RunAsync(new SubmitRequestCommand(k.Item1.Partner, input, Guid.NewGuid().ToString("N")), client, CancellationToken.None);
                    lock (expected)
                    {
                        expected[r.RequestId] = k.Item2;
                    }

                    return r.RequestId;
                }));

                // Kill once the requests are spread over the pipeline: some done, some not started.
                var clock = Stopwatch.StartNew();
                while (true)
                {
                    var stages = await StagesAsync(list, ids);
                    if (stages.Count(s => s.Value == Stage.Completed) >= 15 || clock.Elapsed > TimeSpan.FromSeconds(60))
                    {
                        output.WriteLine("At the kill: " + string.Join(", ", stages.GroupBy(s => s.Value).Select(g => $"{g.Key} {g.Count()}")));
                        break;
                    }

                    await Task.Delay(100);
                }
            }

            await host.KillAsync();
            var restart = Stopwatch.StartNew();
            await host.StartAsync();
            output.WriteLine($"Restarted in {restart.Elapsed.TotalSeconds:F1} s");

            await using (var services = host.CreateClientServices(s => s.AddTriageWorkflow(TestStorage.Configuration(prefix))))
            {
                var list = services.GetRequiredService<ListRequests>();
                var get = services.GetRequiredService<GetRequest>();
                var client = services.GetRequiredService<DurableTaskClient>();
                // Messages the killed process had dequeued stay invisible for the engine's queue visibility
                // timeout (the self-host sets 30 s; DurableTask.AzureStorage's default is 5 min).
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
                while (true)
                {
                    var stages = await StagesAsync(list, ids);
                    if (stages.All(s => s.Value == Stage.Completed))
                    {
                        break;
                    }

                    if (timeout.IsCancellationRequested)
                    {
                        Assert.Fail("Not all requests finished after the restart: " + string.Join(", ", stages.GroupBy(s => s.Value).Select(g => $"{g.Key} {g.Count()}")) + "\n" + host.Output);
                    }

                    await Task.Delay(250, CancellationToken.None);
                }

                output.WriteLine($"All {Requests} finished {restart.Elapsed.TotalSeconds:F1} s after the kill");
                var timeline = services.GetRequiredService<TimelineStore>();
                foreach (var id in ids)
                {
                    var view = (await get.RunAsync(id, CancellationToken.None))!;
                    Assert.Equal(expected[id], view.Outcome!.Value);
                    Assert.Single(await timeline.ListAsync(id, CancellationToken.None), t => t.Kind == "outcome");
                    var holdings = await ledger.HoldingsAsync(id, ["dcb", "partnership-common", "georgia", "jordan-ammunition", "building-integrity"], CancellationToken.None);
                    Assert.DoesNotContain(holdings, h => h.State == HoldingState.Reserved);
                    var committed = holdings.Where(h => h.State == HoldingState.Committed).Sum(h => h.AmountEur);
                    Assert.Equal(view.Outcome == Outcome.Approved ? view.Estimate!.TotalEur : 0, committed);
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    var meta = await client.WaitForInstanceCompletionAsync(id, cts.Token);
                    Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
                }

                var violations = await ledger.CheckInvariantAsync(CancellationToken.None);
                Assert.True(violations.Count == 0, string.Join("\n", violations));
            }

            await stopApprover.CancelAsync();
            await approver;
        }
        finally
        {
            await host.KillAsync();
            await TestStorage.DeleteAsync(storage);
            await TestStorage.DeleteTaskHubAsync(prefix + "hub");
        }
    }

    private static async Task<Dictionary<string, Stage>> StagesAsync(ListRequests list, IReadOnlyList<string> ids)
    {
        var seen = new Dictionary<string, Stage>();
        foreach (var partner in ids.Select(RequestStore.PartnerOf).Distinct())
        {
            var page = await list.RunAsync(new RequestQuery(Partner: partner, PageSize: 1000), CancellationToken.None);
            foreach (var r in page.Items)
            {
                seen[r.Id] = r.Stage;
            }
        }

        // A request not listed yet counts as just received.
        return ids.ToDictionary(id => id, id => seen.GetValueOrDefault(id, Stage.Received));
    }

    /// <summary>The approvers, outside the host: approve every step, except requests whose title says
    /// "reject", which are rejected at their first step. Keeps going across the crash.</summary>
    private static async Task ApproveAsync(StorageClients storage, CancellationToken cancellationToken)
    {
        var requests = storage.Queue(storage.Names.ApprovalRequestsQueue);
        var decisions = storage.Queue(storage.Names.ApprovalDecisionsQueue);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var batch = (await requests.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30), cancellationToken)).Value;
                foreach (var m in batch)
                {
                    var ask = JsonSerializer.Deserialize<ApprovalRequestMessage>(m.MessageText, QueueSender.Json)!;
                    if (!ask.Reminder)
                    {
                        var decision = ask.Title.EndsWith("reject", StringComparison.Ordinal) ? "reject" : "approve";
                        var answer = new ApprovalDecisionMessage(ask.RequestId, ask.Step, decision, "crash test", ask.DecisionToken, TestStorage.Bearer(Approvers.For(ask.Step), ask.Step));
                        await decisions.SendMessageAsync(JsonSerializer.Serialize(answer, QueueSender.Json), cancellationToken);
                    }

                    await requests.DeleteMessageAsync(m.MessageId, m.PopReceipt, cancellationToken);
                }

                if (batch.Length == 0)
                {
                    await Task.Delay(100, cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
