using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Triage.Domain;

namespace Triage.Storage;

/// <summary>
/// Runs once at host start, before the Durable Task worker takes work (hosted services start in
/// registration order, and <c>AddTriageWorkflow</c> comes before <c>AddDurableTaskWorker</c>):
/// creates the tables and queues, and seeds, insert-if-missing, the reference data (Partners, Rules,
/// RateCard, ApprovalPolicy, TrustFunds), each fund's balance row in FundLedger, and the approvers.
/// A restart never overwrites what admins or the ledger changed.
/// </summary>
public sealed class TriageStorageInitializer : IHostedService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly StorageClients storage;
    private readonly FundLedgerStore ledger;
    private readonly DecisionStore decisions;
    private readonly ReferenceDataProvider reference;
    private readonly ILogger<TriageStorageInitializer> logger;

    public TriageStorageInitializer(StorageClients storage, FundLedgerStore ledger, DecisionStore decisions, ReferenceDataProvider reference, ILogger<TriageStorageInitializer> logger)
    {
        this.storage = storage;
        this.ledger = ledger;
        this.decisions = decisions;
        this.reference = reference;
        this.logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var data = reference.Data;
        var names = storage.Names;

        var partners = storage.Table(names.Partners);
        var funds = storage.Table(names.TrustFunds);
        var rates = storage.Table(names.RateCard);
        var rules = storage.Table(names.Rules);
        var policy = storage.Table(names.ApprovalPolicy);

        var work = new List<Task>();
        work.AddRange(data.Partners.Select(p => partners.TryAddAsync(
            new TableEntity("partner", p.Code) { ["Name"] = p.Name, ["Json"] = JsonSerializer.Serialize(p, Json) }, cancellationToken)));
        work.AddRange(data.RateCard.Areas.Select(r => rates.TryAddAsync(
            new TableEntity(data.RateCard.Version, r.Area) { ["Json"] = JsonSerializer.Serialize(r, Json) }, cancellationToken)));
        work.AddRange(data.Rules.Select((r, i) => rules.TryAddAsync(
            new TableEntity("rule", $"{i:D3}-{r.Code}") { ["Code"] = r.Code, ["Effect"] = r.Effect.ToString(), ["Message"] = r.Message }, cancellationToken)));
        work.Add(policy.TryAddAsync(
            new TableEntity("policy", data.Policy.Version) { ["Json"] = JsonSerializer.Serialize(data.Policy, Json) }, cancellationToken));
        foreach (var f in data.Funds)
        {
            work.Add(funds.TryAddAsync(
                new TableEntity(f.Id, FundLedgerStore.BalanceRowKey)
                {
                    ["Name"] = f.Name,
                    ["LeadNations"] = string.Join(',', f.LeadNations),
                    ["PledgedEur"] = TableExtensions.ToEur(f.CapacityEur),
                    ["Json"] = JsonSerializer.Serialize(f, Json),
                },
                cancellationToken));
            work.Add(ledger.EnsureFundAsync(f.Id, f.CapacityEur, cancellationToken));
        }

        work.Add(decisions.SeedApproversAsync(cancellationToken));
        await Task.WhenAll(work);
        logger.LogInformation("Storage ready (prefix '{Prefix}'): {Funds} funds, {Partners} partners, {Approvers} approvers seeded if missing",
            names.Prefix, data.Funds.Count, data.Partners.Count, DecisionStore.SeedApprovers.Count);
    }
}
