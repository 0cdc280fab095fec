using System.Globalization;
using Azure.Data.Tables;
using Triage.Contracts;

namespace Triage.Storage;

/// <summary>One entry of a request's timeline. <paramref name="Key"/> names the event uniquely within
/// the request (e.g. <c>stage:Costing</c>, <c>decision:asg-p</c>), so writing it twice writes it once.
/// <paramref name="Actor"/> is who acted and <paramref name="Comment"/> what a member of staff wrote
/// (an approver's comment): both are kept apart from <paramref name="Detail"/>, so a partner's view can
/// leave them out.</summary>
public sealed record TimelineEvent(string RequestId, DateTimeOffset At, string Key, string Kind, string Detail, string? Actor = null, string? Comment = null);
