namespace Triage.Storage;

/// <summary>Who wrote a stored version of the reference data, when, and from what.</summary>
/// <param name="Version">The version number (1, 2, …).</param>
/// <param name="SavedAt">When it was written.</param>
/// <param name="SavedBy">Who wrote it: the admin, or for a seed the start-up of a host.</param>
/// <param name="Source"><see cref="ReferenceDataStore.SeedSource"/> for the repository's files written at
/// start, <see cref="ReferenceDataStore.AdminSource"/> for an admin's change (free text otherwise).</param>
/// <param name="EmbeddedVersion">The embedded set (<c>Data/manifest.json</c>) it was seeded from or, for a
/// saved change, the one the version it replaced came from.</param>
/// <param name="BasedOn">The version that was current when this one was written (null for the first).</param>
/// <param name="Sha256">Hash of the files (<see cref="ReferenceDataStore.Hash"/>).</param>
public sealed record ReferenceDataVersionInfo(int Version, DateTimeOffset SavedAt, string SavedBy, string Source, int EmbeddedVersion, int? BasedOn, string Sha256);

/// <summary>One stored version: what it is and its files (file name, JSON text).</summary>
public sealed record StoredReferenceData(ReferenceDataVersionInfo Info, IReadOnlyList<(string FileName, string Json)> Files);

/// <summary>What <see cref="ReferenceDataStore.EnsureEmbeddedAsync"/> found and did.</summary>
public enum ReferenceDataSeedOutcome
{
    /// <summary>The table was empty: the embedded set is now version 1.</summary>
    Seeded,

    /// <summary>The stored set comes from the embedded version this build carries.</summary>
    UpToDate,

    /// <summary>The stored set comes from an older embedded version and was left alone (no
    /// <c>ReferenceData:ApplyEmbedded</c>).</summary>
    NewerEmbeddedNotApplied,

    /// <summary>The stored set came from an older embedded version; the embedded set was written as a new version.</summary>
    NewerEmbeddedApplied,

    /// <summary>The stored set comes from a newer embedded version than this build's (an older build was deployed).</summary>
    StoredIsNewer,
}

/// <summary>What start-up seeding found in storage and did.</summary>
/// <param name="Outcome">What was found and done.</param>
/// <param name="Current">The current stored version afterwards.</param>
/// <param name="EmbeddedVersion">This build's embedded set version.</param>
/// <param name="EmbeddedFilesChanged">The current version was seeded from this build's embedded version
/// number, but the files differ: someone changed <c>Data/*.json</c> without raising <c>manifest.json</c>'s version.</param>
public sealed record ReferenceDataSeedResult(ReferenceDataSeedOutcome Outcome, ReferenceDataVersionInfo Current, int EmbeddedVersion, bool EmbeddedFilesChanged);

/// <summary>Someone saved another version of the reference data since the caller read the one it changed.</summary>
public sealed class ReferenceDataConflictException : Exception
{
    public ReferenceDataConflictException()
    {
    }

    public ReferenceDataConflictException(string message)
        : base(message)
    {
    }

    public ReferenceDataConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ReferenceDataConflictException(int expectedVersion, int currentVersion)
        : base($"The reference data is at version {currentVersion}, not {expectedVersion}: reload it and make the change again.")
    {
        ExpectedVersion = expectedVersion;
        CurrentVersion = currentVersion;
    }

    public int ExpectedVersion { get; }

    public int CurrentVersion { get; }
}
