using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Triage.Domain;

namespace Triage.Storage;

/// <summary>A version of the reference data as the provider serves it (policy overrides applied).</summary>
/// <param name="Version">The stored version; 0 for a provider with fixed data.</param>
/// <param name="Data">The data, validated, with the provider's overrides applied.</param>
/// <param name="Info">Who wrote the version and when; null for fixed data.</param>
public sealed record ReferenceDataSnapshot(int Version, ReferenceData Data, ReferenceDataVersionInfo? Info);
