using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>Settle the request's reservations. For a commit, <paramref name="Round"/> names the round to
/// commit and <paramref name="Plan"/> the plan the approvers were shown, which the round must hold
/// exactly; anything else still reserved (a stray duplicate run's) is released. For a release,
/// <paramref name="ReverseCommitments"/> also gives back money already committed (a commit refused
/// half-way).</summary>
public sealed record FundsInput(
    string RequestId,
    DateTimeOffset At,
    string CorrelationId,
    RecordProgressInput? Progress = null,
    int? Round = null,
    IReadOnlyList<PlanLineView>? Plan = null,
    bool ReverseCommitments = false);
