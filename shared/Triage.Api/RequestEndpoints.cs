using Microsoft.AspNetCore.Http;
using Triage.Application.Identity;
using Triage.Application.UseCases;
using Triage.Contracts;
using Triage.Domain;

namespace Triage.Api;

/// <summary>Quotes, submissions, reads, withdrawals and decisions on requests: each validates the input,
/// decides which partner the caller acts for, calls its use case and turns the answer into HTTP.</summary>
internal static class RequestEndpoints
{
    public static async Task<IResult> QuoteAsync(ApiCall call)
    {
        var input = call.Body<SubmitRequestInput>();
        if (Validate(call, input) is { } invalid)
        {
            return invalid;
        }

        if (ActingPartner(call.Caller, input.Partner, adminMayName: true, out var partner) is { } refused)
        {
            return refused;
        }

        var quote = await call.UseCase<CreateQuote>().RunAsync(partner, input with { Partner = partner }, call.Aborted);
        return new JsonResponse<QuoteView>(StatusCodes.Status200OK, quote, ApiJsonContext.Default.QuoteView);
    }

    public static async Task<IResult> SubmitAsync(ApiCall call)
    {
        var input = call.Body<SubmitRequestInput>();
        var errors = new FieldErrors();
        var key = InputValidation.IdempotencyKey(call.Http, errors);
        if (Validate(call, input, errors) is { } invalid)
        {
            return invalid;
        }

        if (ActingPartner(call.Caller, input.Partner, adminMayName: false, out var partner) is { } refused)
        {
            return refused;
        }

        var result = await call.UseCase<SubmitRequest>().RunAsync(new SubmitRequestCommand(partner, input, key), call.Client, call.Aborted, call.AfterAnswer);
        if (result.Status == SubmitStatus.KeyConflict)
        {
            return Problems.Conflict("This Idempotency-Key was used before with a different request body.", "IDEMPOTENCY_KEY_REUSED");
        }

        if (result.Refusal is { } shed)
        {
            return Problems.IntakeFull(shed);
        }

        var url = StatusUrl(result.RequestId);
        return new JsonResponse<SubmitAccepted>(
            result.Status == SubmitStatus.Created ? StatusCodes.Status202Accepted : StatusCodes.Status200OK,
            new SubmitAccepted(result.RequestId, result.Stage, url),
            ApiJsonContext.Default.SubmitAccepted)
        { Location = url };
    }

    public static async Task<IResult> GetAsync(ApiCall call)
    {
        var id = call.Value("id");
        // Staff see everything; a partner sees its request without approvers, their comments and refused attempts.
        var audience = call.Caller.SeesAllPartners ? RequestAudience.Staff : RequestAudience.Partner;
        var view = await call.UseCase<GetRequest>().RunAsync(id, audience, call.Aborted);

        // Admins and approvers see every request, partners their own; another partner's is "not found".
        var visible = view is not null
            && (call.Caller.SeesAllPartners || (call.Caller.Partner is { } own && string.Equals(view.Partner, own, StringComparison.OrdinalIgnoreCase)));
        return visible
            ? new JsonResponse<RequestView>(StatusCodes.Status200OK, view!, ApiJsonContext.Default.RequestView)
            : Problems.NotFound($"No request '{id}' exists.");
    }

    public static async Task<IResult> ListAsync(ApiCall call)
    {
        var errors = new FieldErrors();
        var query = InputValidation.Query(call.Http.Request.Query, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!call.Caller.IsAdmin)
        {
            // Partners list their own requests: the filter is forced, never trusted from the query.
            if (call.Caller.Partner is not { } own)
            {
                return Problems.Forbidden("The token names no partner.");
            }

            if (query.Partner is not null && query.Partner != own)
            {
                return Problems.Forbidden("A partner token lists only its own partner's requests.");
            }

            query = query with { Partner = own };
        }

        var page = await call.UseCase<ListRequests>().RunAsync(query, call.Aborted);
        return new JsonResponse<RequestPage>(StatusCodes.Status200OK, page, ApiJsonContext.Default.RequestPage);
    }

    public static async Task<IResult> WithdrawAsync(ApiCall call)
    {
        if (call.Caller.Partner is not { } partner)
        {
            return Problems.Forbidden("The token names no partner.");
        }

        var id = call.Value("id");
        var result = await call.UseCase<WithdrawRequest>().RunAsync(id, partner, call.Client, call.Aborted);
        return result.Succeeded ? Accepted(id, "Withdrawing") : Problems.Refused(result);
    }

    /// <summary>The body's decision word is read here (400 when it is not approve or reject); whether the
    /// token holds the step is the use case's first check (403).</summary>
    public static async Task<IResult> DecideAsync(ApiCall call)
    {
        var errors = new FieldErrors();
        var input = call.Body<DecisionInput>();
        if (InputValidation.Decision(input, errors) is not { } decision || errors.Any)
        {
            return errors.ToProblem();
        }

        var id = call.Value("id");
        var step = call.Value("step").ToLowerInvariant();
        var command = new DecisionCommand(id, step, decision, call.Caller, input.Comment, DecisionToken: null);
        var result = await call.UseCase<DecideStep>().RunAsync(command, call.Client, call.Aborted);
        return result.Succeeded
            ? Accepted(id, decision == Decision.Approve ? "Approved" : "Rejected")
            : Problems.Refused(result);
    }

    public static string StatusUrl(string id) => RouteTemplates.PathOf(RouteTemplates.Request, id);

    /// <summary>The submission's fields against the reference data the workflow runs on.</summary>
    private static IResult? Validate(ApiCall call, SubmitRequestInput input, FieldErrors? errors = null)
    {
        errors ??= new FieldErrors();
        InputValidation.Submit(input, call.UseCase<GetReferenceData>().Run(), DateOnly.FromDateTime(DateTime.UtcNow), errors);
        return errors.Any ? errors.ToProblem() : null;
    }

    /// <summary>Which partner the call acts for: a partner token's own (a different one in the body is
    /// refused), or for admins quoting, the one the body names.</summary>
    private static IResult? ActingPartner(Caller caller, string? named, bool adminMayName, out string partner)
    {
        partner = "";
        if (caller.IsPartner && caller.Partner is { } own)
        {
            if (named is not null && named != own)
            {
                return Problems.Forbidden($"A token of partner {own} cannot act for {named}.");
            }

            partner = own;
            return null;
        }

        if (adminMayName && caller.IsAdmin)
        {
            if (named is null)
            {
                return Problems.Validation("partner", "is required when an admin asks for a quote");
            }

            partner = named;
            return null;
        }

        return Problems.Forbidden("The token names no partner.");
    }

    private static JsonResponse<CommandAccepted> Accepted(string id, string status) =>
        new(StatusCodes.Status202Accepted, new CommandAccepted(id, status, StatusUrl(id)), ApiJsonContext.Default.CommandAccepted) { Location = StatusUrl(id) };
}
