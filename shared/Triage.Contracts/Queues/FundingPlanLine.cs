using System.Text.Json;
using System.Text.Json.Serialization;
using Triage.Domain;

namespace Triage.Contracts;

public sealed record FundingPlanLine(
    [property: JsonPropertyName("fundId")] string FundId,
    [property: JsonPropertyName("amountEur")] decimal AmountEur);
