using Triage.Domain;

namespace Triage.Contracts;

public sealed record TimelineEntryView(DateTimeOffset At, string Kind, string Detail);
