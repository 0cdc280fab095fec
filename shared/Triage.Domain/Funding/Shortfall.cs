namespace Triage.Domain;

/// <summary>What no fund could cover of one line item.</summary>
public sealed record Shortfall(int Item, string Area, decimal AmountEur);
