using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>Why a rule fired. <paramref name="Item"/> is the 0-based line item, or null for the request.</summary>
public sealed record Reason(string Code, int? Item, string Message);
