using Triage.Domain;

namespace Triage.Contracts;

public sealed record RequestPage(IReadOnlyList<RequestSummaryView> Items, string? Continuation);
