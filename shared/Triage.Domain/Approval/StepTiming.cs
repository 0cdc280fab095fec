using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>How long an approver has for a step, and when they are reminded (both from the moment
/// the step starts; the reminder comes before the deadline).</summary>
public sealed record StepTiming(TimeSpan Deadline, TimeSpan Reminder);
