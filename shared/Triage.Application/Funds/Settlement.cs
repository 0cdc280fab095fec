namespace Triage.Application.Funds;

/// <summary>What a commit or release settled. After a release by the workflow, <paramref name="Waiting"/>
/// lists the requests waiting for funds that the freed money may pay for, oldest first (the
/// orchestration sends them <c>FundsChanged</c>). <see cref="ReversedEur"/> is the part of
/// <paramref name="AmountEur"/> that had been committed and was given back.</summary>
public sealed record Settlement(int Entries, decimal AmountEur, IReadOnlyList<string> FundIds, IReadOnlyList<string>? Waiting = null)
{
    public decimal ReversedEur { get; init; }
}
