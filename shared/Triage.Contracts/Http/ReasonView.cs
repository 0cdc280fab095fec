using Triage.Domain;

namespace Triage.Contracts;

public sealed record ReasonView(string Code, int? Item, string Message);
