using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

public sealed record ReserveInput(string RequestId, string Partner, IReadOnlyList<CostedItem> Items, DateTimeOffset At, string CorrelationId, RecordProgressInput? Progress = null, int? ReferenceVersion = null);
