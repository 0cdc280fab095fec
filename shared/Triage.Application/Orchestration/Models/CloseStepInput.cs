using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

public sealed record CloseStepInput(string RequestId, string Step, Decision Decision, DateTimeOffset At, int Generation = 0);
