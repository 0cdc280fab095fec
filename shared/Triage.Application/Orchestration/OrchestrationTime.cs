using Microsoft.DurableTask;

namespace Triage.Application.Orchestration;

internal static class OrchestrationTime
{
    /// <summary>The orchestration's clock (the same on every replay) as a UTC <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset UtcNow(this TaskOrchestrationContext context) =>
        new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));
}
