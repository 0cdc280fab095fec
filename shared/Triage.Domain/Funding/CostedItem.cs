namespace Triage.Domain;

/// <summary>A costed line item to fund (whole euros).</summary>
public sealed record CostedItem(int Item, string Area, decimal AmountEur);
