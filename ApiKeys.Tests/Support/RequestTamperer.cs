namespace ApiKeys.Tests.Support;

/// <summary>Changes a request after it was signed, as an attacker on the wire would.</summary>
public sealed class RequestTamperer(Func<HttpRequestMessage, Task> tamper) : DelegatingHandler
{
    public RequestTamperer(Action<HttpRequestMessage> tamper)
        : this(request =>
        {
            tamper(request);
            return Task.CompletedTask;
        })
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await tamper(request);
        return await base.SendAsync(request, cancellationToken);
    }
}
