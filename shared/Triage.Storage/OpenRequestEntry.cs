using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Triage.Domain;
using Triage.Contracts;

namespace Triage.Storage;

/// <summary>A request without an outcome, as the index of open requests holds it.</summary>
public sealed record OpenRequestEntry(string Partner, string RequestId, DateTimeOffset SubmittedAt);
