using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>One tier of the policy. A tier applies to an estimate below <paramref name="BelowEur"/>
/// (exclusive) or up to <paramref name="UpToEur"/> (inclusive); the last tier has neither and takes
/// everything above.</summary>
public sealed record ApprovalTier(decimal? BelowEur, decimal? UpToEur, IReadOnlyList<string> Steps)
{
    public bool Covers(decimal estimateEur) =>
        (BelowEur, UpToEur) switch
        {
            ({ } below, _) => estimateEur < below,
            (_, { } upTo) => estimateEur <= upTo,
            _ => true,
        };
}
