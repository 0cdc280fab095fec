using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>Who a request is shown to: staff (admins, approvers) see everything; a partner sees its
/// request without what is NATO's internal business.</summary>
public enum RequestAudience
{
    Staff,
    Partner,
}
