using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

public sealed record NotifyPartnerInput(
    string RequestId,
    string Partner,
    string Title,
    Outcome Outcome,
    decimal? EstimateEur,
    IReadOnlyList<PlanLineView> Plan,
    decimal ShortfallEur,
    IReadOnlyList<ReasonView> Reasons,
    DateTimeOffset At,
    string CorrelationId,
    RecordProgressInput? Progress = null);
