using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Triage.Application.UseCases;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.Storage;

/// <summary>
/// The stage index (<c>RequestsByStage</c>) after a crash between its write and the request row's: a
/// row for a stage the request never reached, a row for a stage it left, and a request stored before the
/// index with no row. The pipeline report counts each request once meanwhile (the one it misses aside),
/// the admin list by stage shows none where it is not, and the reconciler's full sweep puts the index
/// right, after which the report counts every request where it is.
/// </summary>
public sealed class StageIndexRepairTests(StageRepairHostFixture host) : IClassFixture<StageRepairHostFixture>
{
    private TableClient Index => host.Storage.Table(host.Storage.Names.RequestsByStage);

    [Fact]
    public async Task AfterACrashBetweenTheIndexAndTheRow_TheFullSweepRepairsTheStageIndex_AndTheReportCountsRight()
    {
        var notMoved = await host.SubmitAsync(Scenarios.Georgia, "Missiles, crashed before its row moved");
        var moved = await host.SubmitAsync(Scenarios.Georgia, "Missiles, crashed before its old place went");
        var unindexed = await host.SubmitAsync(Scenarios.Georgia, "Missiles, stored before the index");
        foreach (var id in new[] { notMoved, moved, unindexed })
        {
            await host.WaitForStepAsync(id, "desk-officer");
        }

        // The new stage's row written, the request row not (it still waits for approval); an old stage's row
        // still there after the row moved on; a request with no row at all.
        var awaitingFunds = RequestStore.StagePartition(Stage.AwaitingFunds, null);
        var screening = RequestStore.StagePartition(Stage.Screening, null);
        await CopyAsync(Assert.Single(await RowsAsync(notMoved)), awaitingFunds, TimeSpan.FromSeconds(1));
        await CopyAsync(Assert.Single(await RowsAsync(moved)), screening, TimeSpan.FromSeconds(-1));
        await Index.DeleteEntityAsync(Assert.Single(await RowsAsync(unindexed)), ETag.All);

        var before = await ReportAsync();
        Assert.Equal(2, before.Stages[nameof(Stage.AwaitingApproval)]);
        Assert.Equal(0, before.Stages[nameof(Stage.AwaitingFunds)]);
        Assert.Equal(0, before.Stages[nameof(Stage.Screening)]);
        var listed = await host.UseCase<ListRequests>().RunAsync(new RequestQuery(Stage: Stage.AwaitingFunds, PageSize: 50), CancellationToken.None);
        Assert.DoesNotContain(listed.Items, r => r.Id == notMoved);

        var sweep = await host.UseCase<ReconcileRequests>().RunAsync(true, "test", host.Client, CancellationToken.None);

        Assert.Empty(sweep.Errors);
        Assert.Equal(1, sweep.StageIndexWritten);
        Assert.Equal(2, sweep.StageIndexRemoved);
        foreach (var id in new[] { notMoved, moved, unindexed })
        {
            Assert.Equal(nameof(Stage.AwaitingApproval), Assert.Single(await RowsAsync(id)).PartitionKey);
        }

        var after = await ReportAsync();
        Assert.Equal(3, after.Stages[nameof(Stage.AwaitingApproval)]);
        Assert.Equal(3, after.Stages.Values.Sum());
        Assert.Equal(0, (await host.UseCase<ReconcileRequests>().RunAsync(true, "test", host.Client, CancellationToken.None)).StageIndexWritten);
    }

    private async Task<List<TableEntity>> RowsAsync(string requestId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RequestId eq {requestId}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task CopyAsync(TableEntity row, string partition, TimeSpan shift)
    {
        var since = row.GetDateTimeOffset("Since")!.Value + shift;
        var id = row.GetString("RequestId")!;
        await Index.UpsertEntityAsync(new TableEntity(row) { PartitionKey = partition, RowKey = $"{since.UtcTicks:D19}-{id}", ["Since"] = since, ETag = default });
    }

    /// <summary>A report built now (the use case keeps its last one for a few seconds).</summary>
    private Task<PipelineReport> ReportAsync() =>
        ActivatorUtilities.CreateInstance<GetPipelineReport>(host.Host.Services).RunAsync(CancellationToken.None);
}
