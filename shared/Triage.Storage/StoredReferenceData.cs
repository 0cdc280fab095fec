namespace Triage.Storage;

/// <summary>One stored version: what it is and its files (file name, JSON text).</summary>
public sealed record StoredReferenceData(ReferenceDataVersionInfo Info, IReadOnlyList<(string FileName, string Json)> Files);
