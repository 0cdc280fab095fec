using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Triage.Hosting.Tests.Storage;

/// <summary>
/// A storage account that is not ready yet: two loopback listeners in front of Azurite's table and queue
/// services. The first <c>failures</c> requests are answered with the given status and storage error
/// code (in the header and the body, as the real services answer), every later one is forwarded to
/// Azurite byte for byte (the shared-key signature covers the path, not the host, so it stays valid).
/// Counts what it refused and which writes it forwarded changed something.
/// </summary>
public sealed class FlakyStorageProxy : IAsyncDisposable
{
    // Azurite's account and key: the emulator's public, documented development credentials.
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const int AzuriteQueuePort = 10001;
    private const int AzuriteTablePort = 10002;

    private readonly WebApplication app;
    private readonly HttpClient forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly int status;
    private readonly string errorCode;
    private readonly List<string> changes = [];
    private int failuresLeft;
    private int failuresServed;

    private FlakyStorageProxy(int failures, int status, string errorCode)
    {
        failuresLeft = failures;
        this.status = status;
        this.errorCode = errorCode;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0);
        });
        app = builder.Build();
        app.Run(HandleAsync);
    }

    public int TablePort { get; private set; }

    public int QueuePort { get; private set; }

    /// <summary>A connection string to Azurite's account through this proxy.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{Account};QueueEndpoint=http://127.0.0.1:{QueuePort}/{Account};";

    /// <summary>How many requests were refused.</summary>
    public int FailuresServed => Volatile.Read(ref failuresServed);

    /// <summary>Forwarded writes that changed something ("POST /acct/Tables -> 201"): a table, queue,
    /// entity or message created, an entity updated or deleted.</summary>
    public IReadOnlyList<string> Changes
    {
        get
        {
            lock (changes)
            {
                return [.. changes];
            }
        }
    }

    public static async Task<FlakyStorageProxy> StartAsync(int failures, int status, string errorCode)
    {
        var proxy = new FlakyStorageProxy(failures, status, errorCode);
        await proxy.app.StartAsync();
        var ports = proxy.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a).Port).ToList();
        proxy.TablePort = ports[0];
        proxy.QueuePort = ports[1];
        return proxy;
    }

    public void ClearChanges()
    {
        lock (changes)
        {
            changes.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        forward.Dispose();
    }

    private bool IsTable(HttpContext context) => context.Connection.LocalPort == TablePort;

    private async Task HandleAsync(HttpContext context)
    {
        if (Interlocked.Decrement(ref failuresLeft) >= 0)
        {
            Interlocked.Increment(ref failuresServed);
            await RefuseAsync(context);
            return;
        }

        var table = IsTable(context);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), $"http://127.0.0.1:{(table ? AzuriteTablePort : AzuriteQueuePort)}{rawTarget}");
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await forward.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (ChangedSomething(context.Request.Method, table, response.StatusCode))
        {
            lock (changes)
            {
                changes.Add($"{context.Request.Method} {(table ? "table" : "queue")} {Uri.UnescapeDataString(rawTarget)} -> {(int)response.StatusCode}");
            }
        }

        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            await response.Content.CopyToAsync(context.Response.Body);
        }
    }

    // A read never changes anything; a refused write (409, 412, 404) neither. Creating a queue that
    // exists with the same metadata answers 204: no change either.
    private static bool ChangedSomething(string method, bool table, HttpStatusCode code) =>
        !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method)
        && (int)code is >= 200 and < 300
        && (table || code != HttpStatusCode.NoContent || HttpMethods.IsDelete(method));

    private Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-ms-error-code"] = errorCode;
        context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        const string Message = "Refused by the test's storage proxy.";
        if (IsTable(context))
        {
            context.Response.ContentType = "application/json;odata=minimalmetadata;streaming=true;charset=utf-8";
            return context.Response.WriteAsync("{\"odata.error\":{\"code\":\"" + errorCode + "\",\"message\":{\"lang\":\"en-US\",\"value\":\"" + Message + "\"}}}");
        }

        context.Response.ContentType = "application/xml";
        return context.Response.WriteAsync($"""<?xml version="1.0" encoding="utf-8"?><Error><Code>{errorCode}</Code><Message>{Message}</Message></Error>""");
    }
}

/// <summary>An <see cref="ILogger{T}"/> that keeps what is logged, for asserting on it.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Message)> entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (entries)
            {
                return [.. entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (entries)
        {
            entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
