using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

public sealed record EstimateInput(string RequestId, string Partner, IReadOnlyList<LineItemInput> Items, IReadOnlyList<int> EligibleItems, bool PoliticalReview, RecordProgressInput? Progress = null, int? ReferenceVersion = null);
