using Triage.Domain;

namespace Triage.Storage;

/// <summary>Start-up seeding of the <c>ReferenceData</c> table from the files in the repository.</summary>
public sealed partial class ReferenceDataStore
{
    /// <summary>
    /// Start-up seeding, idempotent and safe for instances starting together: an empty table gets the
    /// embedded set as version 1 (insert-only). A stored set from an older embedded version is left
    /// alone (an admin may have changed it) unless <paramref name="applyNewer"/>, which writes the
    /// embedded set as a new version on top, once.
    /// </summary>
    public async Task<ReferenceDataSeedResult> EnsureEmbeddedAsync(bool applyNewer, CancellationToken cancellationToken)
    {
        var embedded = ReferenceData.EmbeddedFiles();
        var embeddedVersion = ReferenceData.EmbeddedVersion;
        var hash = Hash(embedded);
        var seeded = false;
        var pointer = await ReadPointerAsync(cancellationToken);
        if (pointer is null)
        {
            // Two instances may both get here: both write version 1 insert-only (the second one's
            // transaction fails as a whole) and both insert the pointer to it (the second is a no-op).
            var first = new ReferenceDataVersionInfo(1, time.GetUtcNow(), SeedBy, SeedSource, embeddedVersion, null, hash, SeedSource, $"The repository's files, embedded set {embeddedVersion}");
            await TryInsertVersionAsync(first, Ordered(embedded), cancellationToken);
            var stored = await GetInfoAsync(1, cancellationToken)
                ?? throw new InvalidOperationException($"Version 1 of the reference data is missing its '{MetaRowKey}' row.");
            seeded = await table.TryAddAsync(PointerEntity(stored), cancellationToken);
            pointer = await ReadPointerAsync(cancellationToken)
                ?? throw new InvalidOperationException("The reference data pointer vanished after it was written.");
        }

        var current = pointer.Info;
        if (current.EmbeddedVersion == embeddedVersion)
        {
            var changed = current.Source == SeedSource && current.Sha256 != hash;
            return new(seeded ? ReferenceDataSeedOutcome.Seeded : ReferenceDataSeedOutcome.UpToDate, current, embeddedVersion, changed);
        }

        if (current.EmbeddedVersion > embeddedVersion)
        {
            return new(ReferenceDataSeedOutcome.StoredIsNewer, current, embeddedVersion, false);
        }

        if (!applyNewer)
        {
            return new(ReferenceDataSeedOutcome.NewerEmbeddedNotApplied, current, embeddedVersion, false);
        }

        // Another instance applying the same set at the same time: whoever moves the pointer first wins,
        // the other sees the new embedded version on its retry and stops.
        var author = new ReferenceDataAuthor(SeedBy, SeedSource, SeedSource, $"The repository's files, embedded set {embeddedVersion}, applied on top");
        var written = await WriteAsync(Ordered(embedded), author, embeddedVersion,
            p => p is null || p.Info.EmbeddedVersion < embeddedVersion, cancellationToken);
        return written is not null
            ? new(ReferenceDataSeedOutcome.NewerEmbeddedApplied, written, embeddedVersion, false)
            : new(ReferenceDataSeedOutcome.UpToDate, (await GetCurrentAsync(cancellationToken))!, embeddedVersion, false);
    }

    private static string SeedBy => "start-up of " + Environment.MachineName;
}
