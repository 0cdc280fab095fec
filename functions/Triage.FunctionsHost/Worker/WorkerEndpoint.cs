using Grpc.Core;
using Triage.FunctionsHost.Rpc;

namespace Triage.FunctionsHost.Worker;

/// <summary>
/// The gRPC service the worker dials (<c>FunctionRpc.EventStream</c>): takes its <c>StartStream</c>,
/// hands the open stream to the harness as a <see cref="WorkerConnection"/>, and keeps it open until
/// the worker or the harness ends it. One worker per harness, as the host runs one per app here.
/// </summary>
public sealed class WorkerEndpoint(ILoggerFactory loggerFactory) : FunctionRpc.FunctionRpcBase
{
    private readonly TaskCompletionSource<WorkerConnection> connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the worker has opened its stream and said who it is.</summary>
    public Task<WorkerConnection> Connected => connected.Task;

    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(context);
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.ContentCase != StreamingMessage.ContentOneofCase.StartStream)
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.InvalidArgument, "The first message must be StartStream."));
        }

        var connection = new WorkerConnection(requestStream.Current.StartStream.WorkerId, responseStream, loggerFactory.CreateLogger("Function"));
        if (!connected.TrySetResult(connection))
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.AlreadyExists, "A worker is already connected to this host."));
        }

        await connection.ReadAsync(requestStream, context.CancellationToken);
    }
}
