using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>The bounded retry of every activity, fixed at submit (from <c>Workflow:*</c> settings) so
/// replays see the same policy.</summary>
public sealed record ActivityRetry(int MaxAttempts, TimeSpan FirstRetry);
