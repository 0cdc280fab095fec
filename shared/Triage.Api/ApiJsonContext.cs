using System.Text.Json;
using System.Text.Json.Serialization;
using Triage.Application.UseCases;
using Triage.Contracts;

namespace Triage.Api;

/// <summary>
/// Every JSON shape of the API, source-generated: camelCase, enums as strings, and unknown properties
/// refused (400) so a typo never silently drops a field, numbers in strings refused (the web defaults
/// would read "5" as 5). Null values are written, so a client sees every field of a shape. The shapes
/// are the workflow's (Triage.Contracts), the admin views of the use cases, and the few only the HTTP
/// layer answers with (<see cref="ProblemBody"/>, <see cref="CommandAccepted"/>, <see cref="HealthView"/>).
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false,
    MaxDepth = 32)]
[JsonSerializable(typeof(SubmitRequestInput))]
[JsonSerializable(typeof(SubmitAccepted))]
[JsonSerializable(typeof(RequestView))]
[JsonSerializable(typeof(RequestPage))]
[JsonSerializable(typeof(QuoteView))]
[JsonSerializable(typeof(DecisionInput))]
[JsonSerializable(typeof(IReadOnlyList<FundView>))]
[JsonSerializable(typeof(FundView))]
[JsonSerializable(typeof(ContributionInput))]
[JsonSerializable(typeof(DemandReport))]
[JsonSerializable(typeof(PipelineReport))]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(CommandAccepted))]
[JsonSerializable(typeof(HealthView))]
[JsonSerializable(typeof(InstanceHistoryView))]
[JsonSerializable(typeof(ReconciliationReport))]
[JsonSerializable(typeof(DashboardConfig))]
[JsonSerializable(typeof(InboxPage))]
[JsonSerializable(typeof(ReferenceDataView))]
[JsonSerializable(typeof(ReferenceDataSaved))]
[JsonSerializable(typeof(PartnerStatusInput))]
[JsonSerializable(typeof(AuditPage))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
