using Triage.Domain;

namespace Triage.Contracts;

public sealed record EstimateView(decimal TotalEur, decimal LowEur, decimal HighEur, IReadOnlyList<ItemEstimateView> Items);
