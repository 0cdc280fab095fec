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
/// <param name="Change">What kind of change it was (<c>seed</c>, <c>fund-opened</c>, <c>fund-closed</c>,
/// <c>partner-status</c>, <c>rate-card</c>, <c>approvers</c>, …): the audit log's "what".</param>
/// <param name="Summary">One line saying what changed, for the audit log.</param>
public sealed record ReferenceDataVersionInfo(int Version, DateTimeOffset SavedAt, string SavedBy, string Source, int EmbeddedVersion, int? BasedOn, string Sha256, string? Change = null, string? Summary = null);
