using Triage.Application;
using Microsoft.Extensions.Logging.Abstractions;
using Triage.Contracts;
using Triage.Application.UseCases;
using Triage.Storage;
using Triage.Application.Identity;
using Triage.Application.Messaging;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.Storage;

/// <summary>The self-host's poller follows the Functions runtime's rule: a failing message is tried
/// on dequeues 1–5 and moved to the poison queue by the failure of the 5th, not before.</summary>
public sealed class PoisonRuleTests : IAsyncLifetime
{
    private StorageClients storage = null!;

    public async Task InitializeAsync()
    {
        storage = TestStorage.Clients(TestStorage.NewPrefix());
        await storage.EnsureCreatedAsync();
    }

    public Task DisposeAsync() => TestStorage.DeleteAsync(storage);

    [Fact]
    public async Task GarbageMessage_IsTriedFiveTimes_ThenPoisoned()
    {
        var settings = new PollerSettings(PollingInterval: TimeSpan.FromSeconds(1), MaxDequeueCount: 5, VisibilityTimeout: TimeSpan.Zero);
        var decide = new DecideStep(new RequestStore(storage), new TimelineStore(storage), new DecisionStore(storage), TimeProvider.System, NullLogger<DecideStep>.Instance);
        var handler = new ApprovalDecisionHandler(decide, new TriageTokenValidator(TestStorage.Auth), NullLogger<ApprovalDecisionHandler>.Instance);
        using var poller = new ApprovalDecisionPoller(new ApprovalDecisionQueue(storage), handler, null!, settings, NullLogger<ApprovalDecisionPoller>.Instance);
        var queue = storage.Queue(storage.Names.ApprovalDecisionsQueue);
        var poison = storage.Queue(storage.Names.ApprovalDecisionsPoisonQueue);
        await queue.SendMessageAsync("{not json");

        var dequeues = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            var message = (await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value;
            if (message is null)
            {
                break;
            }

            dequeues.Add(message.DequeueCount);
            Assert.Empty((await poison.PeekMessagesAsync()).Value);
            await poller.ProcessAsync(new QueuedMessage(message.MessageId, message.PopReceipt, message.MessageText, message.DequeueCount), CancellationToken.None);
        }

        Assert.Equal([1, 2, 3, 4, 5], dequeues);
        Assert.Equal("{not json", Assert.Single((await poison.PeekMessagesAsync()).Value).MessageText);
        Assert.Empty((await queue.PeekMessagesAsync()).Value);
    }

    [Fact]
    public void Parse_RefusesIncompleteDecisions()
    {
        Assert.Throws<FormatException>(() => ApprovalDecisionHandler.Parse("[]"));
        Assert.Throws<FormatException>(() => ApprovalDecisionHandler.Parse("{\"requestId\":\"A-1\",\"step\":\"desk-officer\",\"decision\":\"approve\",\"approver\":\"x\"}"));
        var ok = ApprovalDecisionHandler.Parse("{\"requestId\":\"A-1\",\"step\":\"Desk-Officer\",\"decision\":\"Approve\",\"comment\":null,\"decisionToken\":\"t\",\"bearer\":\"b\"}");
        Assert.Equal(("A-1", "desk-officer", Triage.Domain.Decision.Approve, "t", "b"), (ok.RequestId, ok.Step, ok.Decision, ok.DecisionToken, ok.Bearer));
    }

    [Theory]
    [InlineData("maybe", "A-1", "desk-officer", 10)]
    [InlineData("expired", "A-1", "desk-officer", 10)]
    [InlineData("approve", "A-1 <b>", "desk-officer", 10)]
    [InlineData("approve", "A-1", "desk officer", 10)]
    [InlineData("approve", "A-1", "desk-officer", ApprovalDecisionHandler.MaxComment + 1)]
    public void Parse_RefusesAnythingButApproveOrReject_AndIdsOrCommentsThatCannotBe(string word, string requestId, string step, int commentLength)
    {
        var text = System.Text.Json.JsonSerializer.Serialize(new ApprovalDecisionMessage(requestId, step, word, new string('c', commentLength), "t", "b"), QueueSender.Json);
        Assert.Throws<FormatException>(() => ApprovalDecisionHandler.Parse(text));
    }
}
