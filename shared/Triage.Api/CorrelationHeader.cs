using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Triage.Application.Telemetry;

namespace Triage.Api;

/// <summary>The HTTP end of <see cref="Correlation"/>: the <c>X-Correlation-Id</c> header in and out.</summary>
public static class CorrelationHeader
{
    /// <summary>Reads the header of an incoming request (first value only), or makes an id.</summary>
    public static string FromRequest(HttpRequest request)
    {
        var values = request.Headers[Correlation.HeaderName];
        return Correlation.GetOrCreate(values.Count > 0 ? values[0] : null);
    }

    /// <summary>Echoes the id on the response, tags the current span and makes it the id of everything
    /// the rest of this call does; call once per HTTP request.</summary>
    public static string Apply(HttpContext context)
    {
        var id = FromRequest(context.Request);
        Correlation.SetCurrent(id);
        context.Response.Headers[Correlation.HeaderName] = id;
        Correlation.Tag(Activity.Current, id);
        return id;
    }
}
