using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>Where a request is in the pipeline (docs/architecture.md, "The pipeline"); <see cref="Completed"/> once it has an outcome.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Stage>))]
public enum Stage
{
    Received,
    Screening,
    Costing,
    Funding,
    AwaitingFunds,
    AwaitingApproval,
    Finalizing,
    Completed,
}
