namespace Triage.Storage;

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
