namespace Triage.Storage;

/// <summary>
/// The one place table and queue names are spelled. An optional prefix (setting <c>Storage:NamePrefix</c>,
/// lower-case letters and digits) gives test runs their own tables and queues on a shared Azurite;
/// production leaves it empty so the names are exactly those of docs/architecture.md and the Bicep templates.
/// </summary>
public sealed class StorageNames
{
    public const string PrefixSetting = "Storage:NamePrefix";

    /// <summary>
    /// The app setting the Functions app's queue trigger takes its queue name from (<c>%ApprovalDecisionsQueue%</c>,
    /// resolved by the Functions host from its app settings): it must hold <see cref="ApprovalDecisionsQueue"/>
    /// for the configured prefix, the queue approvers are told to answer on. One word, no ':' or "__", so
    /// it is the same string in the binding, the app settings, local.settings.json and the environment.
    /// </summary>
    public const string ApprovalDecisionsQueueSetting = "ApprovalDecisionsQueue";

    public static readonly IReadOnlyList<string> TableBases =
        ["Requests", "RequestEvents", "FundLedger", "Decisions", "ReferenceData", "Idempotency", "OpenRequests", "ReservationRounds", "PendingApprovals", "StepTimers", "RequestsByStage", "HistoryPurges"];

    public static readonly IReadOnlyList<string> QueueBases =
        ["approval-requests", "approval-decisions", "approval-decisions-poison", "partner-notifications"];

    public StorageNames(string? prefix = null)
    {
        Prefix = prefix ?? "";
        if (Prefix.Length > 20 || !Prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
        {
            throw new ArgumentException($"{PrefixSetting} must be at most 20 lower-case letters or digits, got '{Prefix}'.", nameof(prefix));
        }
    }

    public string Prefix { get; }

    public string Requests => Table("Requests");
    public string RequestEvents => Table("RequestEvents");
    public string FundLedger => Table("FundLedger");
    public string Decisions => Table("Decisions");
    public string ReferenceData => Table("ReferenceData");
    public string Idempotency => Table("Idempotency");
    public string OpenRequests => Table("OpenRequests");
    public string ReservationRounds => Table("ReservationRounds");
    public string PendingApprovals => Table("PendingApprovals");
    public string StepTimers => Table("StepTimers");
    public string RequestsByStage => Table("RequestsByStage");
    public string HistoryPurges => Table("HistoryPurges");

    public string ApprovalRequestsQueue => Queue("approval-requests");
    public string ApprovalDecisionsQueue => Queue("approval-decisions");
    public string ApprovalDecisionsPoisonQueue => Queue("approval-decisions-poison");
    public string PartnerNotificationsQueue => Queue("partner-notifications");

    /// <summary>Why the value of <see cref="ApprovalDecisionsQueueSetting"/> is not this prefix's
    /// <see cref="ApprovalDecisionsQueue"/>, or null when it is.</summary>
    public string? ApprovalDecisionsQueueSettingProblem(string? value) =>
        string.Equals(value, ApprovalDecisionsQueue, StringComparison.Ordinal)
            ? null
            : $"The app setting '{ApprovalDecisionsQueueSetting}' is {(value is null ? "not set" : $"'{value}'")}, but approvers are told to answer on "
              + $"'{ApprovalDecisionsQueue}' ({PrefixSetting} '{Prefix}'): set it to '{ApprovalDecisionsQueue}', the queue the decisions trigger must read.";

    public IEnumerable<string> AllTables => TableBases.Select(Table);
    public IEnumerable<string> AllQueues => QueueBases.Select(Queue);

    // Table names: letters and digits only, so the prefix is glued on.
    public string Table(string baseName) => Prefix.Length == 0 ? baseName : Prefix + baseName;

    // Queue names: lower case, digits and dashes.
    public string Queue(string baseName) => Prefix.Length == 0 ? baseName : $"{Prefix}-{baseName}";
}
