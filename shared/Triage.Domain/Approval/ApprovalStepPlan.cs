using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>One step the request must pass, in order, with its timings.</summary>
public sealed record ApprovalStepPlan(string Step, TimeSpan Deadline, TimeSpan Reminder);
