// Types that break rules on purpose, for RuleMachineryTests. Nothing else looks at this namespace.
// One file with block namespaces, to keep the fixtures in one place.
#pragma warning disable IDE0161, CA1822, CA1823, IDE0051, IDE0052, CS0169, CS0649
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Triage.Architecture.Tests.Fixtures.Forbidden
{
    internal sealed class HoldsATableClient
    {
        private readonly TableClient? _table;
    }

    internal sealed class ChecksForATableServiceClientAsync
    {
        public async Task<bool> IsServiceAsync(object candidate)
        {
            await Task.Yield();
            return candidate is TableServiceClient;
        }
    }

    internal sealed class ProbesForATableServiceClientInACapturingAsyncLambda
    {
        // The state machine of this lambda is nested in the closure class, without [CompilerGenerated].
        public Func<Task<bool>> Probe(object candidate) => async () =>
        {
            await Task.Yield();
            return candidate is TableServiceClient;
        };
    }

    internal sealed class HoldsAQueueMessage
    {
        public QueueMessage? Message { get; set; }
    }

    internal sealed class HoldsAQueueClient
    {
        public QueueMessage? Message { get; set; }

        public QueueClient? Queue { get; set; }
    }
}

namespace Triage.Architecture.Tests.Fixtures.Cycle.First
{
    internal sealed class Head
    {
        public Second.Middle? Next { get; set; }
    }
}

namespace Triage.Architecture.Tests.Fixtures.Cycle.Second
{
    internal sealed class Middle
    {
        public Third.Tail? Next { get; set; }
    }
}

namespace Triage.Architecture.Tests.Fixtures.Cycle.Third
{
    internal sealed class Tail
    {
        public First.Head? Next { get; set; }
    }
}
