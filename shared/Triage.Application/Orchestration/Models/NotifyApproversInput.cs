using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

public sealed record NotifyApproversInput(
    string RequestId,
    string Partner,
    string Title,
    string Step,
    decimal EstimateEur,
    IReadOnlyList<PlanLineView> Plan,
    DateTimeOffset Deadline,
    bool Reminder,
    string CorrelationId,
    RecordProgressInput? Progress = null,
    int Generation = 0,
    IReadOnlyList<string>? EscalatedTo = null);
