using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Triage.Domain;
using Triage.Contracts;
using Triage.Application.UseCases;
using Triage.Application.Identity;

namespace Triage.Api;

/// <summary>Quotes, submissions, reads, withdrawals and decisions on requests.</summary>
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

        var quote = await call.Service.QuoteAsync(partner, input with { Partner = partner }, call.Aborted);
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

        var result = await call.Service.SubmitAsync(partner, input with { Partner = partner }, key, call.Aborted);
        if (result.Status == SubmitStatus.KeyConflict)
        {
            return Problems.Conflict("This Idempotency-Key was used before with a different request body.", "IDEMPOTENCY_KEY_REUSED");
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
        var view = await VisibleRequestAsync(call);
        return view is null
            ? NotFound(call)
            : new JsonResponse<RequestView>(StatusCodes.Status200OK, view, ApiJsonContext.Default.RequestView);
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

        var page = await call.Service.ListAsync(query, call.Aborted);
        return new JsonResponse<RequestPage>(StatusCodes.Status200OK, page, ApiJsonContext.Default.RequestPage);
    }

    public static async Task<IResult> WithdrawAsync(ApiCall call)
    {
        if (call.Caller.Partner is not { } partner)
        {
            return Problems.Forbidden("The token names no partner.");
        }

        // Another partner's request answers exactly like a missing one.
        if (await VisibleRequestAsync(call) is null)
        {
            return NotFound(call);
        }

        var id = call.Value("id");
        var result = await call.Service.WithdrawAsync(id, partner, call.Aborted);
        return result.Succeeded ? Accepted(id, "Withdrawing") : Refused(result, $"No request '{id}' exists.");
    }

    public static async Task<IResult> DecideAsync(ApiCall call)
    {
        var step = call.Value("step").ToLowerInvariant();
        if (!call.Caller.HoldsStep(step))
        {
            return Problems.Forbidden($"The token does not hold the step '{step}'.");
        }

        var errors = new FieldErrors();
        var input = call.Body<DecisionInput>();
        var decision = InputValidation.Decision(input, errors);
        if (errors.Any || decision is null)
        {
            return errors.ToProblem();
        }

        var id = call.Value("id");
        var command = new DecisionCommand(id, step, decision.Value, call.Caller.Subject, input.Comment, null, call.Caller.Steps.ToArray());
        var result = await call.Service.DecideAsync(command, call.Aborted);
        return result.Succeeded
            ? Accepted(id, decision == Decision.Approve ? "Approved" : "Rejected")
            : Refused(result, $"No request '{id}' exists.");
    }

    public static string StatusUrl(string id) => $"/{RouteTemplates.Prefix}/requests/{Uri.EscapeDataString(id)}";

    /// <summary>The request if this caller may see it: admins and approvers see all, partners their own.</summary>
    private static async Task<RequestView?> VisibleRequestAsync(ApiCall call)
    {
        var view = await call.Service.GetAsync(call.Value("id"), call.Aborted);
        if (view is null)
        {
            return null;
        }

        return call.Caller.SeesAllPartners || (call.Caller.Partner is { } own && string.Equals(view.Partner, own, StringComparison.OrdinalIgnoreCase))
            ? view
            : null;
    }

    private static IResult? Validate(ApiCall call, SubmitRequestInput input, FieldErrors? errors = null)
    {
        errors ??= new FieldErrors();
        // The reference data the workflow runs on (the current stored version; an admin may have changed it).
        var data = call.Http.RequestServices.GetRequiredService<Triage.Storage.ReferenceDataProvider>().Data;
        InputValidation.Submit(input, data, DateOnly.FromDateTime(DateTime.UtcNow), errors);
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

    /// <summary>The problem for a command the service refused, by its status and reason code.</summary>
    internal static IResult Refused(CommandResult result, string notFound) => result.Status switch
    {
        CommandStatus.NotFound => Problems.NotFound(result.Message ?? notFound),
        CommandStatus.Forbidden => Problems.Forbidden(result.Message ?? "Not allowed."),
        CommandStatus.Conflict => Problems.Conflict(result.Message ?? "The request is not in a state that allows this.", result.Reason),
        CommandStatus.Invalid => Problems.Problem(StatusCodes.Status400BadRequest, Problems.ValidationType, "The request is not valid.", result.Message, result.Reason),
        _ => throw new InvalidOperationException($"{result.Status} is not a refusal."),
    };

    private static IResult NotFound(ApiCall call, string? message = null) =>
        Problems.NotFound(message ?? $"No request '{call.Value("id")}' exists.");

    private static JsonResponse<CommandAccepted> Accepted(string id, string status) =>
        new(StatusCodes.Status202Accepted, new CommandAccepted(id, status, StatusUrl(id)), ApiJsonContext.Default.CommandAccepted) { Location = StatusUrl(id) };
}
