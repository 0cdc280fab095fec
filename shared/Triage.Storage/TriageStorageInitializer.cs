using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Triage.Storage;

/// <summary>
/// Runs once at host start, before the Durable Task worker takes work (hosted services start in
/// registration order, and <c>AddTriageWorkflow</c> comes before <c>AddDurableTaskWorker</c>):
/// creates the tables and queues; seeds the reference data (<see cref="ReferenceDataStore.EnsureEmbeddedAsync"/>:
/// the embedded files as version 1 when the table is empty, a newer embedded set only with
/// <c>ReferenceData:ApplyEmbedded=true</c>); loads the current version into the
/// <see cref="ReferenceDataProvider"/>, so the first activity already runs on it; and seeds,
/// insert-if-missing, each fund's balance row in FundLedger.
/// A restart never overwrites what admins or the ledger changed, and writes nothing at all once storage
/// is seeded (creating what exists and inserting what is there are refused by storage, not rewritten).
/// Right after provisioning, storage may refuse the app's identity for a few minutes (role assignments
/// propagate) or answer 5xx: the whole step is repeated with back-off (<see cref="StorageStartupRetry"/>)
/// instead of stopping the host; other errors stop it at once.
/// </summary>
public sealed class TriageStorageInitializer : IHostedService
{
    private readonly StorageClients storage;
    private readonly FundLedgerStore ledger;
    private readonly ReferenceDataProvider reference;
    private readonly ReferenceDataStore referenceStore;
    private readonly ReferenceDataOptions options;
    private readonly StorageStartupRetry retry;
    private readonly ILogger<TriageStorageInitializer> logger;

    public TriageStorageInitializer(
        StorageClients storage,
        FundLedgerStore ledger,
        ReferenceDataProvider reference,
        ILogger<TriageStorageInitializer> logger,
        ReferenceDataOptions? options = null,
        ReferenceDataStore? referenceStore = null,
        StorageStartupRetry? retry = null)
    {
        this.storage = storage;
        this.ledger = ledger;
        this.reference = reference;
        this.logger = logger;
        this.options = options ?? new ReferenceDataOptions();
        this.referenceStore = referenceStore ?? new ReferenceDataStore(storage);
        this.retry = retry ?? new StorageStartupRetry();
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Creates and seeds storage (see the class), waiting out a storage that is not ready yet.</summary>
    public Task SeedAsync(CancellationToken cancellationToken) =>
        retry.RunAsync(SeedOnceAsync, logger, "Storage start-up", cancellationToken);

    // Every step is idempotent, so a failed attempt is simply run again from the top.
    private async Task SeedOnceAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var seed = await referenceStore.EnsureEmbeddedAsync(options.ApplyEmbedded, cancellationToken);
        Log(seed);

        // Storage is read here, before the worker starts; a provider with fixed data keeps it.
        var current = await reference.RefreshAsync(cancellationToken);
        var data = current.Data;

        await Task.WhenAll(data.Funds.Select(f => ledger.EnsureFundAsync(f.Id, f.CapacityEur, cancellationToken)));
        logger.LogInformation("Storage ready (prefix '{Prefix}'): reference data version {Version}, {Funds} funds, {Partners} partners; fund balances seeded if missing",
            storage.Names.Prefix, current.Version, data.Funds.Count, data.Partners.Count);
    }

    private void Log(ReferenceDataSeedResult seed)
    {
        var stored = seed.Current;
        switch (seed.Outcome)
        {
            case ReferenceDataSeedOutcome.Seeded:
                logger.LogInformation("Reference data seeded from the embedded files (set version {Embedded}) as version {Version}", seed.EmbeddedVersion, stored.Version);
                break;
            case ReferenceDataSeedOutcome.NewerEmbeddedApplied:
                logger.LogWarning("Reference data: the embedded set version {Embedded} was applied as version {Version} (ReferenceData:ApplyEmbedded=true)", seed.EmbeddedVersion, stored.Version);
                break;
            case ReferenceDataSeedOutcome.NewerEmbeddedNotApplied:
                logger.LogWarning(
                    "Reference data: storage holds version {Version} (from embedded set {StoredEmbedded}, {Source} by {By}); this build carries embedded set {Embedded}, not applied. " +
                    "Set ReferenceData:ApplyEmbedded=true to write it as a new version on top (changes admins made since are then replaced).",
                    stored.Version, stored.EmbeddedVersion, stored.Source, stored.SavedBy, seed.EmbeddedVersion);
                break;
            case ReferenceDataSeedOutcome.StoredIsNewer:
                logger.LogWarning("Reference data: storage holds version {Version} from embedded set {StoredEmbedded}, newer than this build's {Embedded}; left as it is",
                    stored.Version, stored.EmbeddedVersion, seed.EmbeddedVersion);
                break;
            default:
                logger.LogInformation("Reference data: storage holds version {Version} ({Source} by {By} at {At:u})", stored.Version, stored.Source, stored.SavedBy, stored.SavedAt);
                break;
        }

        if (seed.EmbeddedFilesChanged)
        {
            logger.LogWarning(
                "Reference data: the embedded files differ from those seeded as embedded set {Embedded}, whose number was not raised: " +
                "raise \"version\" in shared/Triage.Domain/Data/manifest.json so deployments can apply them", seed.EmbeddedVersion);
        }
    }
}
