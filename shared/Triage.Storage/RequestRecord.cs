using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Triage.Domain;
using Triage.Contracts;

namespace Triage.Storage;

/// <summary>The request as stored in the <c>Requests</c> table (partner / request id): the system of
/// record of what was asked, and the read model of where it stands. <c>ReferenceVersion</c> is the
/// reference data version it was screened with, which the rest of its run keeps using.</summary>
public sealed record RequestRecord(
    string Id,
    string Partner,
    string Title,
    string Summary,
    IReadOnlyList<LineItemInput> Items,
    DateOnly RequestedStart,
    ContactInput? Contact,
    Stage Stage,
    Outcome? Outcome,
    Stage LastWorkingStage,
    string? PendingStep,
    EligibilityView? Eligibility,
    EstimateView? Estimate,
    FundingView? Funding,
    IReadOnlyList<ApprovalView> Approvals,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    string CorrelationId,
    long Version,
    int? ReferenceVersion = null)
{
    public bool IsOpen => Outcome is null;

    /// <summary>The stored lifecycle, to move on with the domain's rules (a fresh copy each call).</summary>
    public RequestLifecycle Lifecycle() => new(Stage, Outcome, LastWorkingStage);
}
