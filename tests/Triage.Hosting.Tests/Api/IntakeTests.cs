using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Hosting.Tests.Api;

/// <summary>
/// Load shedding at the submit door, on the real self-host (Azure Storage engine on Azurite) with
/// <c>Intake:MaxBacklog=5</c>. The backlog is made real and deterministic by recording requests at
/// <c>Received</c> through the store with no orchestration behind them, so nothing drains it until the
/// test withdraws them.
/// </summary>
public sealed class IntakeTests(IntakeHostFixture api) : IClassFixture<IntakeHostFixture>
{
    /// <summary>Longer than the gate answers from a reading (two seconds), so the next submission waits
    /// for the backlog read afresh.</summary>
    private static readonly TimeSpan Reread = TimeSpan.FromSeconds(2.2);

    [Fact]
    public async Task FullBacklog_Answers503_WithRetryAfter_AndWritesNothing_ThenTheSameKeyIsAccepted()
    {
        var waiting = await FillBacklogAsync();
        var key = "shed-" + Guid.NewGuid().ToString("N");
        var before = await SnapshotAsync();

        using (var shed = await SubmitAsync(key))
        {
            var text = await shed.Content.ReadAsStringAsync();
            Assert.True(shed.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)shed.StatusCode}: {text}");
            Assert.Equal("application/problem+json", shed.Content.Headers.ContentType?.MediaType);
            var retryAfter = shed.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 2, 4);
            var problem = JsonNode.Parse(text)!;
            Assert.Equal("urn:triage:problem:intake-full", problem["type"]!.GetValue<string>());
            Assert.Equal(503, problem["status"]!.GetValue<int>());
            Assert.Equal("INTAKE_BACKLOG_FULL", problem["code"]!.GetValue<string>());
            var detail = problem["detail"]!.GetValue<string>();
            Assert.Matches(@"^About [5-7] requests are in the engine's hands", detail); // the five made here, and the tests' own on their way
            Assert.Contains("the limit (Intake:MaxBacklog) is 5", detail, StringComparison.Ordinal);
        }

        Assert.Equal(before, await SnapshotAsync());
        Assert.Null(await Claims.FindAsync("LBY", key, CancellationToken.None));

        // The engine takes them on: once the gate reads the drained backlog, the same call is new work.
        await DrainAsync(waiting);
        await Task.Delay(Reread);
        using var accepted = await SubmitAsync(key);
        var body = await accepted.Content.ReadAsStringAsync();
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"{(int)accepted.StatusCode}: {body}");
        Assert.Equal(JsonNode.Parse(body)!["id"]!.GetValue<string>(), (await Claims.FindAsync("LBY", key, CancellationToken.None))?.ResourceId);
    }

    [Fact]
    public async Task FullBacklog_ShedsARetryOfAnAcceptedSubmissionToo_WhichGetsItsRequestOnceOpen()
    {
        var key = "held-" + Guid.NewGuid().ToString("N");
        await Task.Delay(Reread);
        using var first = await SubmitAsync(key);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var id = JsonNode.Parse(await first.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        var waiting = await FillBacklogAsync();
        try
        {
            using var shed = await SubmitAsync(key);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, shed.StatusCode);
        }
        finally
        {
            await DrainAsync(waiting);
        }

        await Task.Delay(Reread);
        using var retry = await SubmitAsync(key);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(id, JsonNode.Parse(await retry.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
    }

    private RequestStore Store => new(api.Storage);

    private IdempotencyStore Claims => new(api.Storage);

    /// <summary>As many requests at Received as the limit, and a wait for the gate to read them.</summary>
    private async Task<IReadOnlyList<RequestRecord>> FillBacklogAsync()
    {
        var waiting = new List<RequestRecord>();
        for (var i = 0; i < IntakeHostFixture.MaxBacklog; i++)
        {
            var record = Waiting($"IRQ-{DateTime.UtcNow:yyyyMMdd}-{Guid.NewGuid().ToString("N")[..12]}");
            Assert.True(await Store.TryInsertAsync(record, CancellationToken.None));
            waiting.Add(record);
        }

        await Task.Delay(Reread);
        return waiting;
    }

    /// <summary>Takes the waiting requests out of the engine's stages (withdrawn), as finishing them would.</summary>
    private async Task DrainAsync(IEnumerable<RequestRecord> waiting)
    {
        foreach (var r in waiting)
        {
            await Store.UpdateAsync(new RequestUpdate(r.Id, r.Partner, 2, DateTimeOffset.UtcNow, new RequestLifecycle(Stage.Completed, Outcome.Withdrawn, Stage.Received), null, null, null, null, null), CancellationToken.None);
        }
    }

    private async Task<HttpResponseMessage> SubmitAsync(string key)
    {
        using var message = api.Request(HttpMethod.Post, "/api/requests", Persona.PartnerLby, ApiHostFixture.SmallRequest(title: key));
        message.Headers.Add("Idempotency-Key", key);
        return await api.Http.SendAsync(message);
    }

    /// <summary>What a submission would add: a request row, a timeline (its partition), an idempotency
    /// claim, an orchestration. Keys only, so requests of other tests still on their way do not change it.</summary>
    private async Task<string> SnapshotAsync()
    {
        var rows = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, partitionOnly) in new[] { (api.Storage.Names.Requests, false), (api.Storage.Names.RequestEvents, true), (api.Storage.Names.Idempotency, false) })
        {
            await foreach (var e in api.Storage.Table(name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                rows.Add(partitionOnly ? $"{name}/{e.PartitionKey}" : $"{name}/{e.PartitionKey}/{e.RowKey}");
            }
        }

        await foreach (var instance in api.Client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 500 }))
        {
            rows.Add($"instance/{instance.InstanceId}");
        }

        return string.Join("\n", rows);
    }

    private static RequestRecord Waiting(string id) => new(
        id, "IRQ", "Waiting to start", "A request the engine has not taken on yet.",
        [new LineItemInput("education-and-training", 5, 2, "in-country")], DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(2)), null,
        Stage.Received, null, Stage.Received, null, null, null, null, [], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, Guid.NewGuid().ToString("N"), 1);
}
