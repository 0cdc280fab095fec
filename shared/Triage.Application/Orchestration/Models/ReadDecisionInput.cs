using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>Which decision to read back: a step of one execution (<see cref="TriageInput.Generation"/>).</summary>
public sealed record ReadDecisionInput(string RequestId, string Step, int Generation);
