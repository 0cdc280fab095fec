using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>One approval step the policy chose, with its timings from the moment it starts and the
/// deputies it is escalated to at its reminder point (null or empty: only a reminder).</summary>
public sealed record StepPlan(string Step, TimeSpan Deadline, TimeSpan Reminder, IReadOnlyList<string>? Deputies = null);
