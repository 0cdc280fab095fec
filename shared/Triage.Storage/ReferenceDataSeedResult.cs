namespace Triage.Storage;

/// <summary>What start-up seeding found in storage and did.</summary>
/// <param name="Outcome">What was found and done.</param>
/// <param name="Current">The current stored version afterwards.</param>
/// <param name="EmbeddedVersion">This build's embedded set version.</param>
/// <param name="EmbeddedFilesChanged">The current version was seeded from this build's embedded version
/// number, but the files differ: someone changed <c>Data/*.json</c> without raising <c>manifest.json</c>'s version.</param>
public sealed record ReferenceDataSeedResult(ReferenceDataSeedOutcome Outcome, ReferenceDataVersionInfo Current, int EmbeddedVersion, bool EmbeddedFilesChanged);
