using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>A read-model write plus the timeline entry that explains it. Written by the
/// <c>RecordProgress</c> activity, or first thing by the activity that does the stage's work (one
/// activity call fewer per stage: fewer orchestration episodes and storage round trips).</summary>
public sealed record RecordProgressInput(RequestUpdate Update, TimelineEvent? Event, string CorrelationId);
