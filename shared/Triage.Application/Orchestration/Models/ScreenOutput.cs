using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>The screening, and the reference data version it ran on (null from histories written before
/// requests kept their version), which the later stages use too.</summary>
public sealed record ScreenOutput(EligibilityView View, IReadOnlyList<int> EligibleItems, bool PoliticalReview, bool Ineligible, int? ReferenceVersion = null);
