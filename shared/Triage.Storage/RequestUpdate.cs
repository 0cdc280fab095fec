using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Triage.Domain;
using Triage.Contracts;

namespace Triage.Storage;

/// <summary>A change of the workflow fields, written by the orchestration's activities. The version
/// grows with every update of the orchestration and with its clock (so a restarted instance goes on
/// from above the old run's): an older update (a slow duplicate activity run) never overwrites a newer one.
/// The lifecycle is saved as its three parts, so it loads back exactly as the domain left it.
/// <c>ReferenceVersion</c>: the reference data version the request was screened with (null: unchanged).</summary>
public sealed record RequestUpdate(
    string RequestId,
    string Partner,
    long Version,
    DateTimeOffset At,
    RequestLifecycle Lifecycle,
    string? PendingStep,
    EligibilityView? Eligibility,
    EstimateView? Estimate,
    FundingView? Funding,
    IReadOnlyList<ApprovalView>? Approvals,
    int? ReferenceVersion = null);
