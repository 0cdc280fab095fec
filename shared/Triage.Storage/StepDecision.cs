using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Triage.Domain;

namespace Triage.Storage;

/// <summary>The decision that closed a step: a person's approve/reject, or the workflow's own
/// <c>expired</c> / <c>cancelled</c> when the deadline or a withdrawal got there first.
/// <paramref name="Generation"/> is the execution of the orchestration it belongs to: 0 for the first
/// run, one more for each admin restart (docs/decisions/0012).</summary>
public sealed record StepDecision(string RequestId, string Step, Decision Decision, string Approver, string? Comment, string Channel, DateTimeOffset At, int Generation = 0);
