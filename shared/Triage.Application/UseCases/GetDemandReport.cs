using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>Demand against funding per area and partner, over every estimated request that was not
/// ineligible: requested, funded and shortfall (a request's shortfall shared over its items by cost).</summary>
public sealed class GetDemandReport
{
    private readonly RequestStore requests;

    public GetDemandReport(RequestStore requests)
    {
        this.requests = requests;
    }

    public async Task<DemandReport> RunAsync(CancellationToken cancellationToken)
    {
        var all = await requests.ListAllAsync(cancellationToken);
        var rows = new Dictionary<(string Area, string Partner), (decimal Requested, decimal Shortfall)>();
        foreach (var r in all.Where(r => r.Estimate is not null && r.Outcome != Outcome.Ineligible))
        {
            var shortfall = r.Funding?.ShortfallEur ?? 0;
            var total = r.Estimate!.TotalEur;
            foreach (var item in r.Estimate.Items)
            {
                var key = (item.Area, r.Partner);
                var share = total == 0 ? 0 : decimal.Round(shortfall * item.TotalEur / total, 0);
                var (requested, missing) = rows.GetValueOrDefault(key);
                rows[key] = (requested + item.TotalEur, missing + share);
            }
        }

        var list = rows.OrderBy(kv => kv.Key.Area, StringComparer.Ordinal).ThenBy(kv => kv.Key.Partner, StringComparer.Ordinal)
            .Select(kv => new DemandRow(kv.Key.Area, kv.Key.Partner, kv.Value.Requested, kv.Value.Requested - kv.Value.Shortfall, kv.Value.Shortfall))
            .ToList();
        return new DemandReport(list, list.Sum(r => r.RequestedEur), list.Sum(r => r.FundedEur), list.Sum(r => r.ShortfallEur));
    }
}
