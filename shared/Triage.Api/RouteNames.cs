namespace Triage.Api;

/// <summary>Function and endpoint names: the Functions app's <c>[Function]</c> names and the self-host's
/// endpoint names are these, so a route is one name everywhere (logs, metadata, OpenAPI operationId).</summary>
public static class RouteNames
{
    public const string Health = nameof(Health);
    public const string OpenApi = nameof(OpenApi);
    public const string CreateQuote = nameof(CreateQuote);
    public const string SubmitRequest = nameof(SubmitRequest);
    public const string ListRequests = nameof(ListRequests);
    public const string GetRequest = nameof(GetRequest);
    public const string WithdrawRequest = nameof(WithdrawRequest);
    public const string DecideStep = nameof(DecideStep);
    public const string ListFunds = nameof(ListFunds);
    public const string RecordContribution = nameof(RecordContribution);
    public const string GetInstanceHistory = nameof(GetInstanceHistory);
    public const string SuspendInstance = nameof(SuspendInstance);
    public const string ResumeInstance = nameof(ResumeInstance);
    public const string TerminateInstance = nameof(TerminateInstance);
    public const string RestartInstance = nameof(RestartInstance);
    public const string PurgeInstance = nameof(PurgeInstance);
    public const string DemandReport = nameof(DemandReport);
    public const string PipelineReport = nameof(PipelineReport);
    public const string RunReconciliation = nameof(RunReconciliation);
    public const string Dashboard = nameof(Dashboard);
    public const string DashboardAsset = nameof(DashboardAsset);
    public const string ListInbox = nameof(ListInbox);
    public const string GetReferenceData = nameof(GetReferenceData);
    public const string OpenFund = nameof(OpenFund);
    public const string CloseFund = nameof(CloseFund);
    public const string ChangePartnerStatus = nameof(ChangePartnerStatus);
    public const string ReplaceRateCard = nameof(ReplaceRateCard);
    public const string ReplaceApprovers = nameof(ReplaceApprovers);
    public const string ListReferenceDataAudit = nameof(ListReferenceDataAudit);

    /// <summary>The Functions app's catch-all HTTP function. The host tries HTTP routes in function-name
    /// order (case-insensitive ordinal), not by route precedence, so this name must sort after every
    /// other: '_' sorts after every letter and digit, and the host's name rule wants a letter first.</summary>
    public const string Unmatched = "Z_Unmatched";
}
