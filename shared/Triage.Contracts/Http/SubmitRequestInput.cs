using Triage.Domain;

namespace Triage.Contracts;

public sealed record SubmitRequestInput(
    string? Partner,
    string Title,
    string Summary,
    IReadOnlyList<LineItemInput> Items,
    DateOnly RequestedStart,
    ContactInput Contact);
