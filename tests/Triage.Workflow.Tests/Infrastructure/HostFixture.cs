using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Triage.Domain;
using Triage.LocalHost;
using Triage.LocalHost.Engine;
using Triage.Contracts;
using Triage.Application.UseCases;
using Triage.Storage;
using Triage.Application.Funds;
using Triage.Application.Identity;
using Triage.Application.Messaging;

namespace Triage.Workflow.Tests.Infrastructure;

/// <summary>
/// The self-host started in-process on the shared Azurite, with its own task hub and table/queue
/// prefix, and the workflow's timing knobs set by the subclass. Also the test's approver: it drains
/// <c>approval-requests</c> into memory so tests can pick the message for their request and step.
/// </summary>
public abstract class HostFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, List<ApprovalRequestMessage>> inbox = new();
    private readonly SemaphoreSlim drainLock = new(1, 1);
    private readonly string taskHub = "wh" + Guid.NewGuid().ToString("N")[..12];

    protected virtual EngineBackend Backend => EngineBackend.Memory;

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public TriageLocalHost Host { get; private set; } = null!;

    /// <summary>The engine's task hub (its tables and queues are named after it).</summary>
    public string TaskHub => taskHub;

    public DurableTaskClient Client => Host.Client;

    public StorageClients Storage => Host.Storage;

    /// <summary>A use case, as the hosts' handlers get it.</summary>
    public T UseCase<T>() where T : class => Host.Services.GetRequiredService<T>();

    public FundLedgerStore Ledger => Host.Services.GetRequiredService<FundLedgerStore>();

    public ReferenceData Data => Host.Services.GetRequiredService<ReferenceDataProvider>().Data;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            [StorageClients.ConnectionName] = TestStorage.ConnectionString,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Triage.Application.Messaging"] = "Error",
            ["Logging:LogLevel:Triage.Application.UseCases"] = "Error",
            ["Queues:PollingInterval"] = "00:00:00.200",
            ["Queues:VisibilityTimeout"] = "00:00:00.300",
            ["Workflow:StepTimerInterval"] = "00:00:00.500",
            ["Auth:SigningKey"] = TestStorage.SigningKeyBase64,
            ["Auth:DevelopmentKey"] = "false",
        };
        foreach (var (k, v) in Settings)
        {
            settings[k] = v;
        }

        Host = await TriageLocalHost.StartAsync(new LocalHostOptions
        {
            Backend = Backend,
            TaskHubName = taskHub,
            NamePrefix = TestStorage.NewPrefix(),
            Settings = settings,
        });
    }

    public async Task DisposeAsync()
    {
        var storage = Host.Storage;
        await Host.DisposeAsync();
        await TestStorage.DeleteAsync(storage);
        if (Backend == EngineBackend.Azure)
        {
            await TestStorage.DeleteTaskHubAsync(taskHub);
        }
    }

    public async Task<string> SubmitAsync(Scenario scenario, string? title = null, IReadOnlyList<LineItem>? items = null)
    {
        var input = new SubmitRequestInput(
            scenario.Partner,
            title ?? scenario.Title,
            scenario.Summary,
            [.. (items ?? scenario.Items).Select(i => new LineItemInput(i.Area, i.Participants, i.Weeks, i.Location))],
            DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(2)),
            new ContactInput("Test", "test@example.org"));
        var result = await UseCase<SubmitRequest>().RunAsync(new SubmitRequestCommand(scenario.Partner, input, Guid.NewGuid().ToString("N")), Client, CancellationToken.None);
        Assert.Equal(SubmitStatus.Created, result.Status);
        return result.RequestId;
    }

    /// <summary>The request's read model (<see cref="GetRequest"/>); null when there is none.</summary>
    public Task<RequestView?> GetAsync(string requestId) => UseCase<GetRequest>().RunAsync(requestId, CancellationToken.None);

    /// <summary>Withdraws as the partner would (<see cref="WithdrawRequest"/>).</summary>
    public Task<CommandResult> WithdrawAsync(string requestId, string partner) =>
        UseCase<WithdrawRequest>().RunAsync(requestId, partner, Client, CancellationToken.None);

    /// <summary>Polls the read model until the predicate holds.</summary>
    public async Task<RequestView> WaitForAsync(string requestId, Func<RequestView, bool> until, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        RequestView? last = null;
        while (true)
        {
            last = await GetAsync(requestId);
            if (last is not null && until(last))
            {
                return last;
            }

            if (cts.IsCancellationRequested)
            {
                Assert.Fail($"Request {requestId} did not get there in time; last: stage {last?.Stage}, outcome {last?.Outcome}, timeline:\n"
                    + string.Join("\n", last?.Timeline.Select(t => $"  {t.At:HH:mm:ss.fff} {t.Kind}: {t.Detail}") ?? []));
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    public Task<RequestView> WaitForOutcomeAsync(string requestId, TimeSpan? timeout = null) =>
        WaitForAsync(requestId, r => r.Outcome is not null, timeout);

    /// <summary>The orchestration's own end (after the read model's outcome, the partner is notified).</summary>
    public async Task<OrchestrationMetadata> WaitForCompletionAsync(string requestId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var done = await Client.WaitForInstanceCompletionAsync(requestId, getInputsAndOutputs: true, cts.Token);
        return done;
    }

    public Task<RequestView> WaitForStepAsync(string requestId, string step, TimeSpan? timeout = null) =>
        WaitForAsync(requestId, r => r.Stage == Stage.AwaitingApproval && r.Approvals.Any(a => a.Step == step && a.Status == ApprovalStatus.Pending), timeout);

    /// <summary>The approval request (not a reminder unless asked) sent for a request's step; with
    /// <paramref name="nth"/>, the nth such message (0: the first; 1: a restarted execution's).</summary>
    public async Task<ApprovalRequestMessage> ApprovalMessageAsync(string requestId, string step, bool reminder = false, TimeSpan? timeout = null, int nth = 0)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (inbox.TryGetValue(requestId, out var list))
            {
                lock (list)
                {
                    var found = list.Where(m => m.Step == step && m.Reminder == reminder).Skip(nth).FirstOrDefault();
                    if (found is not null)
                    {
                        return found;
                    }
                }
            }

            if (cts.IsCancellationRequested)
            {
                Assert.Fail($"No approval-requests message for {requestId} step {step} (reminder {reminder}).");
            }

            await DrainApprovalRequestsAsync();
            await Task.Delay(25, CancellationToken.None);
        }
    }

    /// <summary>Every approval-requests message sent for a request so far.</summary>
    public async Task<IReadOnlyList<ApprovalRequestMessage>> ApprovalMessagesAsync(string requestId)
    {
        await DrainApprovalRequestsAsync();
        if (!inbox.TryGetValue(requestId, out var list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list];
        }
    }

    public async Task DrainApprovalRequestsAsync()
    {
        await drainLock.WaitAsync();
        try
        {
            var queue = Storage.Queue(Storage.Names.ApprovalRequestsQueue);
            while (true)
            {
                var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
                if (batch.Length == 0)
                {
                    return;
                }

                foreach (var m in batch)
                {
                    var message = JsonSerializer.Deserialize<ApprovalRequestMessage>(m.MessageText, QueueSender.Json)!;
                    var list = inbox.GetOrAdd(message.RequestId, _ => []);
                    lock (list)
                    {
                        list.Add(message);
                    }

                    await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                }
            }
        }
        finally
        {
            drainLock.Release();
        }
    }

    /// <summary>Answers on the approval-decisions queue, as an approver's tool would: with the approver's
    /// own bearer token (holding the steps <see cref="Approvers.StepsOf"/> says).</summary>
    public Task SendDecisionAsync(string requestId, string step, string decision, string approver, string? token, string? comment = null) =>
        SendDecisionMessageAsync(new ApprovalDecisionMessage(requestId, step, decision, comment, token, TestStorage.Bearer(approver, [.. Approvers.StepsOf(approver)])));

    /// <summary>Puts a message on the approval-decisions queue as it is.</summary>
    public async Task SendDecisionMessageAsync(ApprovalDecisionMessage message) =>
        await SendDecisionTextAsync(JsonSerializer.Serialize(message, QueueSender.Json));

    public async Task SendDecisionTextAsync(string text) =>
        await Storage.Queue(Storage.Names.ApprovalDecisionsQueue).SendMessageAsync(text);

    /// <summary>Waits for the approval message of the step and approves (or rejects) it by queue.</summary>
    public async Task DecideByQueueAsync(string requestId, string step, string decision = "approve")
    {
        var message = await ApprovalMessageAsync(requestId, step);
        await SendDecisionAsync(requestId, step, decision, Approvers.For(step), message.DecisionToken, $"{decision} in test");
    }

    /// <summary>A decision as the HTTP route makes it: the approver is a validated token's caller.</summary>
    public Task<CommandResult> DecideByHttpAsync(string requestId, string step, Decision decision, string approver, string? comment = null, IReadOnlyCollection<string>? steps = null) =>
        UseCase<DecideStep>().RunAsync(new DecisionCommand(requestId, step, decision, Approvers.Caller(approver, steps ?? [step]), comment, DecisionToken: null), Client, CancellationToken.None);

    public async Task AssertLedgerInvariantAsync()
    {
        var violations = await Ledger.CheckInvariantAsync(CancellationToken.None);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    /// <summary>What the request still holds in the funds (reserved, not committed or released).</summary>
    public async Task<IReadOnlyList<Holding>> HoldingsAsync(string requestId)
    {
        var funds = await Ledger.ListBalancesAsync(CancellationToken.None);
        return await Ledger.HoldingsAsync(requestId, funds.Select(f => f.FundId), CancellationToken.None);
    }
}

/// <summary>The tests' approvers: one person per step.</summary>
public static class Approvers
{
    public static string For(string step) => step switch
    {
        "desk-officer" => "desk.officer@nato.int",
        "asg-p" => "asg.p@nato.int",
        "dsg" => "dsg@nato.int",
        "political-review" => "political.adviser@nato.int",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "no approver for this step"),
    };

    /// <summary>The steps an approver of <see cref="For"/> holds (none for anyone else).</summary>
    public static IReadOnlyList<string> StepsOf(string approver) =>
        [.. new[] { "desk-officer", "asg-p", "dsg", "political-review" }.Where(s => For(s) == approver)];

    /// <summary>Who a validated approver token says calls.</summary>
    public static Caller Caller(string subject, IEnumerable<string> steps) =>
        new(subject, subject, new HashSet<string> { TriageRoles.Approver }, null, steps.ToHashSet());
}

/// <summary>In-memory engine, approval steps long enough for any test to answer.</summary>
public sealed class MemoryHostFixture : HostFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Policy:StepDeadline"] = "00:05:00",
        ["Policy:Reminder"] = "00:04:00",
        ["Policy:FundsWaitLimit"] = "00:05:00",
    };
}

/// <summary>In-memory engine with seconds-long deadlines: reminders, expiry, the end of the wait for funds.</summary>
public sealed class ShortDeadlineHostFixture : HostFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Policy:StepDeadline"] = "00:00:04",
        ["Policy:Reminder"] = "00:00:02",
        ["Policy:FundsWaitLimit"] = "00:00:04",
    };
}

/// <summary>The durable backend (Azure Storage on Azurite).</summary>
public sealed class AzureHostFixture : HostFixture
{
    protected override EngineBackend Backend => EngineBackend.Azure;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Policy:StepDeadline"] = "00:05:00",
        ["Policy:Reminder"] = "00:04:00",
        ["Policy:FundsWaitLimit"] = "00:05:00",
    };
}

/// <summary>Short activity retries, so a broken dependency ends a request as Failed within seconds.</summary>
public sealed class FastFailureHostFixture : HostFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Policy:StepDeadline"] = "00:05:00",
        ["Policy:Reminder"] = "00:04:00",
        ["Workflow:ActivityMaxAttempts"] = "2",
        ["Workflow:ActivityFirstRetry"] = "00:00:00.200",
    };
}

/// <summary>A host that raises no step timers (<c>Workflow:StepTimerInterval</c> zero), as a Functions app
/// whose timer function is disabled would.</summary>
public sealed class StepTimersOffHostFixture : HostFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Policy:StepDeadline"] = "00:05:00",
        ["Policy:Reminder"] = "00:04:00",
        ["Workflow:StepTimerInterval"] = "00:00:00",
    };
}

/// <summary>The durable backend, finished orchestrations purged by the first sweep a second after their
/// request's outcome (<c>Reconciler:HistoryRetention</c>); no purge between sweeps, so the test's sweep
/// is the one that purges.</summary>
public class ShortRetentionHostFixture : HostFixture
{
    protected override EngineBackend Backend => EngineBackend.Azure;

    /// <summary><c>Reconciler:PurgeInterval</c>: how often the self-host purges between its sweeps.</summary>
    protected virtual string PurgeInterval => "0";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Policy:StepDeadline"] = "00:05:00",
        ["Policy:Reminder"] = "00:04:00",
        ["Reconciler:HistoryRetention"] = "00:00:01",
        ["Reconciler:PurgeInterval"] = PurgeInterval,
    };
}

/// <summary>The same, with the self-host's own purge between sweeps every second; the sweep itself at its
/// default 5 minutes.</summary>
public sealed class BackgroundPurgeHostFixture : ShortRetentionHostFixture
{
    protected override string PurgeInterval => "00:00:01";
}
