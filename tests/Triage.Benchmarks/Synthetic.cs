using Triage.Domain;

namespace Triage.Benchmarks;

/// <summary>Synthetic but plausible inputs, the same on every run (fixed seeds).</summary>
internal static class Synthetic
{
    private static readonly string[] GroupSets = ["PFP", "MD", "ICI", "PAG", "DCB", "conditions-permit"];

    /// <summary>A request of <paramref name="items"/> line items over random areas and locations.</summary>
    public static List<LineItem> Request(ReferenceData data, int items, int seed = 7)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, items).Select(_ => new LineItem(
            data.Areas[random.Next(data.Areas.Count)].Id,
            random.Next(5, 200),
            random.Next(1, 30),
            data.Locations[random.Next(data.Locations.Count)].Id))];
    }

    /// <summary><paramref name="count"/> funds: a third earmarked for one to three partners, the rest open to one
    /// or two partner groups; each pays for one to six areas and holds €50k–€5M (<paramref name="scarce"/>:
    /// €1k–€20k, so no full plan exists and every fund must be looked at).</summary>
    public static (ReferenceData Data, List<FundBalance> Balances) Funds(ReferenceData data, int count, bool scarce = false, int seed = 11)
    {
        var random = new Random(seed);
        var open = data.Partners.Where(p => p.Status != PartnerStatus.Suspended).ToList();
        var funds = new List<TrustFund>(count);
        var balances = new List<FundBalance>(count);
        for (var i = 0; i < count; i++)
        {
            var id = $"fund-{i:D4}";
            string[] partners = [];
            string[] groups = [];
            if (random.Next(3) == 0)
            {
                partners = [.. open.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).Select(p => p.Code)];
            }
            else
            {
                groups = [.. GroupSets.OrderBy(_ => random.Next()).Take(random.Next(1, 3))];
            }

            string[] areas = [.. data.Areas.OrderBy(_ => random.Next()).Take(random.Next(1, 7)).Select(a => a.Id)];
            var balance = scarce ? random.Next(1_000, 20_000) : random.Next(50_000, 5_000_000);
            funds.Add(new TrustFund(id, $"Synthetic fund {i}", [], partners, groups, areas, balance, "synthetic"));
            balances.Add(new FundBalance(id, balance));
        }

        return (data with { Funds = funds }, balances);
    }
}
