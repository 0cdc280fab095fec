using Triage.Domain;

namespace Triage.Contracts;

/// <summary>Filters of GET /api/requests. Partner is forced to the caller's own for partners. The API
/// refuses a page size outside 1-<see cref="MaxPageSize"/>; the store takes the one it is given.</summary>
public sealed record RequestQuery(
    Stage? Stage = null,
    Outcome? Outcome = null,
    string? Partner = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Continuation = null,
    int PageSize = RequestQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 200;
}
