using System.Net;
using System.Net.Http.Headers;
using Triage.LoadDriver;

namespace Triage.LoadDriver.Tests;

public class SheddingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_503_with_Retry_After_is_shed_and_gives_the_wait_asked_for()
    {
        using var seconds = Answer(HttpStatusCode.ServiceUnavailable, new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)));
        using var date = Answer(HttpStatusCode.ServiceUnavailable, new RetryConditionHeaderValue(Now.AddSeconds(12)));
        using var past = Answer(HttpStatusCode.ServiceUnavailable, new RetryConditionHeaderValue(Now.AddSeconds(-3)));

        Assert.Equal(TimeSpan.FromSeconds(7), Shedding.RetryAfter(seconds, Now));
        Assert.Equal(TimeSpan.FromSeconds(12), Shedding.RetryAfter(date, Now));
        Assert.Equal(TimeSpan.Zero, Shedding.RetryAfter(past, Now));
    }

    [Fact]
    public void Other_answers_are_not_shed()
    {
        using var bare503 = Answer(HttpStatusCode.ServiceUnavailable, null);
        using var accepted = Answer(HttpStatusCode.Accepted, new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)));
        using var tooMany = Answer(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)));

        Assert.Null(Shedding.RetryAfter(bare503, Now));
        Assert.Null(Shedding.RetryAfter(accepted, Now));
        Assert.Null(Shedding.RetryAfter(tooMany, Now));
    }

    [Fact]
    public void The_summary_counts_shed_answers_and_the_requests_they_went_to()
    {
        Assert.Equal("none", Shedding.Summary([new RequestTimes { Status = 202 }]));
        Assert.Equal("5 answers to 2 requests (at most 4 to one)",
            Shedding.Summary([new RequestTimes { Status = 202, Shed = 1 }, new RequestTimes { Status = 202 }, new RequestTimes { Status = 202, Shed = 4 }]));
    }

    [Fact]
    public void Submit_to_answer_is_the_last_attempt_and_submit_to_notification_counts_from_the_first()
    {
        var f = System.Diagnostics.Stopwatch.Frequency;
        var t = new RequestTimes { Submitted = 1, Sent = 1 + (10 * f), Answered = 1 + (10 * f) + (f / 100), Shed = 2 };
        t.Notified(1 + (11 * f));

        Assert.Equal(10, t.SubmitToAnswer!.Value, 3);
        Assert.Equal(11_000, t.SubmitToFirstNotification!.Value, 3);
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, RetryConditionHeaderValue? retryAfter)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.RetryAfter = retryAfter;
        return response;
    }
}
