using Triage.Application.Assessment;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>Every trust fund's balance, by fund id, named from the reference data.</summary>
public sealed class ListFunds
{
    private readonly RequestAssessor assessor;
    private readonly ReferenceDataProvider reference;

    public ListFunds(RequestAssessor assessor, ReferenceDataProvider reference)
    {
        this.assessor = assessor;
        this.reference = reference;
    }

    public async Task<IReadOnlyList<FundView>> RunAsync(CancellationToken cancellationToken)
    {
        var balances = await assessor.BalancesAsync(cancellationToken);
        return [.. balances.OrderBy(b => b.FundId, StringComparer.Ordinal).Select(b =>
        {
            var fund = reference.Data.FindFund(b.FundId);
            return new FundView(b.FundId, fund?.Name ?? b.FundId, fund?.LeadNations ?? [], b.CapacityEur, b.ReservedEur, b.CommittedEur, b.AvailableEur);
        })];
    }
}
