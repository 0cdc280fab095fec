using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Triage.Contracts;
using Triage.Domain;

namespace Triage.Api;

/// <summary>
/// The API's own checks on top of the JSON shape: required fields, lengths, formats, dates, ranges.
/// Line items go through the domain's <see cref="RequestRules.ValidateItems"/> as well, so the rules
/// for quantities and locations live in one place.
/// </summary>
internal static partial class InputValidation
{
    public const int MaxTitle = 200;
    public const int MaxSummary = 4000;
    public const int MaxName = 200;
    public const int MaxEmail = 254;
    public const int MaxComment = 2000;
    public const int MaxNote = 1000;
    public const int MaxIdempotencyKey = 128;
    public const int MaxContinuation = 4096;
    public const int MaxYearsAhead = 5;
    public const decimal MaxContributionEur = 1_000_000_000_000m;

    /// <summary>The earliest instant Azure Tables stores (its DateTime starts at 1601-01-01 UTC); a
    /// filter or value before it is refused by storage, which would otherwise surface as a 500.</summary>
    public static readonly DateTimeOffset EarliestDate = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first instant refused as absurdly far ahead: nothing in this service is dated
    /// anywhere near it, and it keeps clear of the calendar's end (9999-12-31), where time zone
    /// arithmetic overflows.</summary>
    public static readonly DateTimeOffset EndOfDates = new(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static string DateRangeMessage => $"must be from {EarliestDate:yyyy-MM-dd} to {EndOfDates.AddDays(-1):yyyy-MM-dd} (UTC): storage holds no date before {EarliestDate:yyyy-MM-dd}";

    /// <summary>Every date of a query or body goes through this before anything else looks at it.</summary>
    public static bool IsInDateRange(DateTimeOffset value) => value >= EarliestDate && value < EndOfDates;

    public static bool IsInDateRange(DateOnly value) => IsInDateRange(new DateTimeOffset(value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    /// <summary>Ids in paths (request, instance, fund, step): what a stored id can look like at all.</summary>
    public static bool IsIdentifier(string? value) => value is { Length: > 0 and <= 128 } && IdentifierPattern().IsMatch(value);

    public static bool IsPartnerCode(string? value) => value is { Length: 3 } && value.All(char.IsAsciiLetterUpper);

    public static void Submit(SubmitRequestInput input, ReferenceData data, DateOnly today, FieldErrors errors)
    {
        if (input.Partner is not null && !IsPartnerCode(input.Partner))
        {
            errors.Add("partner", "must be an ISO 3166 alpha-3 code in capitals, such as LBY");
        }

        Text(errors, "title", input.Title, MaxTitle, multiline: false);
        Text(errors, "summary", input.Summary, MaxSummary, multiline: true);

        var items = input.Items?.Select(i => i is null ? null! : new LineItem(i.Area, i.Participants, i.Weeks, i.Location)).ToList();
        foreach (var error in RequestRules.ValidateItems(data, items))
        {
            errors.Add(error.Field, error.Message);
        }

        for (var i = 0; i < (input.Items?.Count ?? 0) && i < RequestRules.MaxItems; i++)
        {
            if (input.Items![i] is { Area: { Length: > 0 and <= RequestRules.MaxIdLength } area } && !IdentifierPattern().IsMatch(area))
            {
                errors.Add($"items[{i}].area", "letters, digits, '.', '_', ':' and '-' only");
            }
        }

        if (input.RequestedStart == default)
        {
            errors.Add("requestedStart", "is required (YYYY-MM-DD)");
        }
        else if (!IsInDateRange(input.RequestedStart))
        {
            errors.Add("requestedStart", DateRangeMessage);
        }
        else if (input.RequestedStart < today)
        {
            errors.Add("requestedStart", $"must not be in the past (today is {today:yyyy-MM-dd} UTC)");
        }
        else if (input.RequestedStart > today.AddYears(MaxYearsAhead))
        {
            errors.Add("requestedStart", $"must be within {MaxYearsAhead} years");
        }

        if (input.Contact is null)
        {
            errors.Add("contact", "is required: {\"name\",\"email\"}");
        }
        else
        {
            Text(errors, "contact.name", input.Contact.Name, MaxName, multiline: false);
            if (Text(errors, "contact.email", input.Contact.Email, MaxEmail, multiline: false) && !EmailPattern().IsMatch(input.Contact.Email))
            {
                errors.Add("contact.email", "must be an email address");
            }
        }
    }

    /// <summary>A person's decision word: approve or reject (any case); the workflow's own words are refused.</summary>
    public static Decision? Decision(DecisionInput input, FieldErrors errors)
    {
        var decision = DecisionWords.Parse(input.Decision);
        if (string.IsNullOrWhiteSpace(input.Decision))
        {
            errors.Add("decision", "is required: 'approve' or 'reject'");
        }
        else if (decision is not (Domain.Decision.Approve or Domain.Decision.Reject))
        {
            decision = null;
            errors.Add("decision", "must be 'approve' or 'reject'");
        }

        if (input.Comment is not null)
        {
            Text(errors, "comment", input.Comment, MaxComment, multiline: true, required: false);
        }

        return decision;
    }

    /// <summary>A contribution's fields. The amount is checked here and nowhere else (a positive whole
    /// number of euros, at most <see cref="MaxContributionEur"/>); the use case takes it as given.</summary>
    public static void Contribution(ContributionInput input, FieldErrors errors)
    {
        if (input.AmountEur <= 0)
        {
            errors.Add("amountEur", "must be more than zero");
        }
        else if (input.AmountEur > MaxContributionEur)
        {
            errors.Add("amountEur", $"must be at most {MaxContributionEur:0}");
        }
        else if (decimal.Truncate(input.AmountEur) != input.AmountEur)
        {
            errors.Add("amountEur", "must be whole euros");
        }

        Text(errors, "contributor", input.Contributor, MaxName, multiline: false);
        if (input.Note is not null)
        {
            Text(errors, "note", input.Note, MaxNote, multiline: true, required: false);
        }
    }

    public static RequestQuery Query(IQueryCollection query, FieldErrors errors)
    {
        string? Single(string name)
        {
            var values = query[name];
            if (values.Count > 1)
            {
                errors.Add(name, "given more than once");
            }

            return values.Count == 0 || string.IsNullOrWhiteSpace(values[0]) ? null : values[0]!.Trim();
        }

        var stage = Named<Stage>("stage");
        var outcome = Named<Outcome>("outcome");

        var partner = Single("partner")?.ToUpperInvariant();
        if (partner is not null && !IsPartnerCode(partner))
        {
            partner = Error("partner", "must be an ISO 3166 alpha-3 code, such as LBY");
        }

        var from = Date("from");
        var to = Date("to");
        if (from is not null && to is not null && from > to)
        {
            errors.Add("to", "must not be before 'from'");
        }

        var continuation = Single("continuation");
        if (continuation is not null && (continuation.Length > MaxContinuation || continuation.Any(char.IsControl)))
        {
            continuation = Error("continuation", "is not a continuation this API gave out");
        }

        var pageSize = RequestQuery.DefaultPageSize;
        if (Single("pageSize") is { } size && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > RequestQuery.MaxPageSize))
        {
            errors.Add("pageSize", $"must be a whole number from 1 to {RequestQuery.MaxPageSize}");
        }

        return new RequestQuery(stage, outcome, partner, from, to, continuation, pageSize);

        // An enum by its name (any case); numbers are refused, so only the names on the wire are accepted.
        T? Named<T>(string name) where T : struct, Enum
        {
            if (Single(name) is not { } text)
            {
                return null;
            }

            if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _))
            {
                return value;
            }

            errors.Add(name, $"must be one of {string.Join(", ", Enum.GetNames<T>())}");
            return null;
        }

        DateTimeOffset? Date(string name)
        {
            var text = Single(name);
            if (text is null)
            {
                return null;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
            {
                if (IsInDateRange(value))
                {
                    return value;
                }

                errors.Add(name, DateRangeMessage);
                return null;
            }

            errors.Add(name, "must be an ISO 8601 date or date and time, such as 2026-01-31 or 2026-01-31T12:00:00Z");
            return null;
        }

        string? Error(string field, string message)
        {
            errors.Add(field, message);
            return null;
        }
    }

    public static string? IdempotencyKey(HttpContext context, FieldErrors errors)
    {
        var values = context.Request.Headers["Idempotency-Key"];
        if (values.Count == 0)
        {
            return null;
        }

        var key = values.Count == 1 ? values[0] : null;
        if (key is null || key.Length is 0 or > MaxIdempotencyKey || key.Any(c => c is < '!' or > '~'))
        {
            errors.Add("Idempotency-Key", $"one header of 1-{MaxIdempotencyKey} visible ASCII characters");
            return null;
        }

        return key;
    }

    /// <summary>Required (unless not), at most <paramref name="max"/> characters, no control characters
    /// (line breaks and tabs allowed where multiline). True when the value is usable.</summary>
    /// <summary>The paging of the inbox and the audit log: <c>continuation</c> (checked by
    /// <paramref name="isContinuation"/>: only what the route gave out) and <c>pageSize</c> (1-200, default 50).</summary>
    public static (string? Continuation, int PageSize) Page(IQueryCollection query, Func<string, bool> isContinuation, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(isContinuation);
        string? continuation = null;
        var pageSize = RequestQuery.DefaultPageSize;
        foreach (var (name, values) in query)
        {
            var value = values.Count == 1 ? values[0]?.Trim() : null;
            if (values.Count > 1)
            {
                errors.Add(name, "given more than once");
            }
            else if (name == "continuation")
            {
                continuation = string.IsNullOrEmpty(value) ? null : value;
                if (continuation is not null && (continuation.Length > MaxContinuation || !isContinuation(continuation)))
                {
                    errors.Add("continuation", "is not a continuation this API gave out");
                }
            }
            else if (name == "pageSize")
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > RequestQuery.MaxPageSize)
                {
                    errors.Add("pageSize", $"must be a whole number from 1 to {RequestQuery.MaxPageSize}");
                }
            }
            else
            {
                errors.Add(name, "unknown parameter; expected continuation or pageSize");
            }
        }

        return (continuation, pageSize);
    }

    /// <summary>A partner's new status: the status word is the loader's to judge (it knows the values);
    /// here only its shape, the reason (required) and the framework's shape.</summary>
    public static void PartnerStatus(PartnerStatusInput input, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(input);
        Text(errors, "status", input.Status, 40, multiline: false);
        Text(errors, "reason", input.Reason, MaxNote, multiline: true);
        if (input.Framework is not null)
        {
            Text(errors, "framework", input.Framework, 10, multiline: false);
        }
    }

    /// <summary>The version an <c>If-Match</c> header names (<c>"7"</c> or <c>7</c>); null without one.</summary>
    public static int? IfMatch(HttpRequest request, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return null;
        }

        var text = values.Count == 1 ? values[0]?.Trim().Trim('"') : null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
        {
            return version;
        }

        errors.Add("If-Match", "must be one version of the reference data, as its ETag gave it, e.g. \"7\"");
        return null;
    }

    private static bool Text(FieldErrors errors, string field, string? value, int max, bool multiline, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required || value is { Length: > 0 })
            {
                errors.Add(field, required ? "is required" : "must not be blank");
            }

            return false;
        }

        if (value.Length > max)
        {
            errors.Add(field, $"at most {max} characters, got {value.Length}");
            return false;
        }

        if (value.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')) || value.Any(char.IsSurrogate) && !HasValidSurrogates(value))
        {
            errors.Add(field, "must not contain control characters or broken characters");
            return false;
        }

        return true;
    }

    private static bool HasValidSurrogates(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"^[^@\s""<>]+@[^@\s""<>]+\.[^@\s""<>.]{2,}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex EmailPattern();
}
