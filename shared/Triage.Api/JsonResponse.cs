using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Triage.Api;

/// <summary>A JSON answer written with the source-generated contract; no reflection, same bytes in both hosts.</summary>
internal sealed class JsonResponse<T>(int status, T body, JsonTypeInfo<T> typeInfo, string contentType = "application/json; charset=utf-8") : IResult
{
    public string? Location { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public int StatusCode => status;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        await JsonSerializer.SerializeAsync(response.Body, body, typeInfo, httpContext.RequestAborted);
    }
}
