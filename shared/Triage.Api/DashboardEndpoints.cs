using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Triage.Api;

/// <summary>
/// The two anonymous dashboard routes: the page (<c>GET /api/dashboard</c>) and its files
/// (<c>GET /api/dashboard/{asset}</c>). The files hold no data and no secret; every call they make goes
/// to the API with the viewer's bearer token. Each answer carries a strong ETag and
/// <c>Cache-Control: no-cache</c>, so a browser revalidates and gets a 304 without a body until the
/// files change with a new build.
/// </summary>
internal static class DashboardEndpoints
{
    public const string ConfigAsset = "config.json";

    // Only our own files and the API; the one outside origin allowed is where an OpenID Connect
    // sign-in would fetch its keys and tokens.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self' https://login.microsoftonline.com; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static Task<IResult> PageAsync(ApiCall call) => Task.FromResult(Serve(call.Http, DashboardFiles.Find(DashboardFiles.Index)));

    public static Task<IResult> AssetAsync(ApiCall call)
    {
        var name = call.Value("asset");
        if (name == ConfigAsset)
        {
            var configuration = call.Http.RequestServices.GetRequiredService<IConfiguration>();
            var config = new DashboardConfig(
                Blank(configuration["Dashboard:Authority"]) ?? Blank(configuration["Auth:Authority"]),
                Blank(configuration["Dashboard:ClientId"]),
                Blank(configuration["Dashboard:Scope"]));
            return Task.FromResult<IResult>(new JsonResponse<DashboardConfig>(StatusCodes.Status200OK, config, ApiJsonContext.Default.DashboardConfig));
        }

        return Task.FromResult(Serve(call.Http, name == DashboardFiles.Index ? null : DashboardFiles.Find(name)));
    }

    private static IResult Serve(HttpContext http, DashboardFile? file)
    {
        if (file is null)
        {
            return Problems.NotFound("The dashboard has no such file.");
        }

        var notModified = http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == file.ETag));
        return new FileResult(file, notModified);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed class FileResult(DashboardFile file, bool notModified) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.Headers.ETag = file.ETag;
            response.Headers.CacheControl = "no-cache";
            response.Headers["Referrer-Policy"] = "no-referrer";
            if (file.Name == DashboardFiles.Index)
            {
                response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }

            if (notModified)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = file.ContentType;
            response.ContentLength = file.Content.Length;
            await response.Body.WriteAsync(file.Content, httpContext.RequestAborted);
        }
    }
}
