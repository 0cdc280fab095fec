using System.Globalization;
using System.Text.Json;

namespace Triage.Application.Orchestration;

/// <summary>The payload of <see cref="TriageEvents.StepTimer"/>: which of the step's points in time has
/// come (<c>reminder</c> or <c>deadline</c>, <see cref="Storage.StepTimer"/>) and the instant it names,
/// which the step takes only when it is its own (a timer left by an earlier execution names another).</summary>
public sealed record StepTimerEvent(string Kind, DateTimeOffset At)
{
    /// <summary>The kind and instant a raised payload names; nulls where it does not say.</summary>
    internal static (string? Kind, DateTimeOffset? At) Read(JsonElement? payload) =>
        (EventPayload.String(payload, "kind"),
         DateTimeOffset.TryParse(EventPayload.String(payload, "at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null);
}
