namespace Triage.Domain;

/// <summary>What a fund can still give now (capacity − reserved − committed), in whole euros.</summary>
public sealed record FundBalance(string FundId, decimal AvailableEur);
