using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

public sealed record ScreenInput(string RequestId, string Partner, IReadOnlyList<LineItemInput> Items, RecordProgressInput? Progress = null);
