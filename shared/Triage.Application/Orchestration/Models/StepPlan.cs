using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>One approval step the policy chose, with its timings from the moment it starts.</summary>
public sealed record StepPlan(string Step, TimeSpan Deadline, TimeSpan Reminder);
