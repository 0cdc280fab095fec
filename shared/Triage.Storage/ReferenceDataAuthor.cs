namespace Triage.Storage;

/// <summary>Who writes a version of the reference data and why: the audit log's who and what.</summary>
/// <param name="By">The admin (their token's subject, or name and subject) or a host's start-up.</param>
/// <param name="Source"><see cref="ReferenceDataStore.AdminSource"/> or <see cref="ReferenceDataStore.SeedSource"/>.</param>
/// <param name="Change">The kind of change (<see cref="ReferenceDataVersionInfo.Change"/>).</param>
/// <param name="Summary">One line saying what changed.</param>
public sealed record ReferenceDataAuthor(string By, string Source, string? Change, string? Summary);
