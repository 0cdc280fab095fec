using System.Text.Json;
using System.Text.Json.Serialization;
using Triage.Domain;

namespace Triage.Contracts;

public sealed record AnswerChannels(
    [property: JsonPropertyName("queue")] string Queue,
    [property: JsonPropertyName("http")] string Http);
