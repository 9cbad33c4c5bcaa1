using System.Diagnostics.Metrics;
using System.Net;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Metrics;
using ApiKeys.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Operations;

/// <summary>What an operator scrapes: signed calls counted by result and reason, verification time, keys by status.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task A_signed_call_and_a_refused_one_move_the_calls_counter_with_their_tags_and_no_token()
    {
        await using var app = new ApiKeysApp();
        using var calls = new Recorded(app, "apikeys.calls");
        using var durations = new Recorded(app, "apikeys.verification.duration");
        var key = await EligibleKeyAsync(app);

        using var signed = app.SignedClient(key);
        Assert.Equal(HttpStatusCode.OK, (await signed.GetAsync("/api/v1/account")).StatusCode);
        using var wrong = app.SignedClient(key with { Secret = KeySecrets.NewSecret() });
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/account")).StatusCode);
        using var unsigned = app.PlainClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await unsigned.GetAsync("/api/v1/account")).StatusCode);

        Assert.Equal(1, calls.Sum(("result", "accepted")));
        Assert.Equal(1, calls.Sum(("result", "refused"), ("reason", "signature")));
        Assert.Equal(1, calls.Sum(("result", "refused"), ("reason", "malformed")));
        Assert.Equal(3, durations.Count); // every verification is timed, the unsigned call's too
        Assert.DoesNotContain(calls.TagValues, value => value.Contains(key.Key.Token) || value.Contains(key.Key.Name));
    }

    [Fact]
    public async Task The_scrape_shows_the_apikeys_meter_and_asp_net_cores_in_prometheus_text()
    {
        await using var app = new ApiKeysApp();
        var key = await EligibleKeyAsync(app);
        using var signed = app.SignedClient(key);
        await signed.GetAsync("/api/v1/account");
        using var scraper = app.PlainClient();

        var text = await Eventually.UntilAsync(() => scraper.GetStringAsync("/metrics"), scraped => scraped.Contains("apikeys_calls_total"));

        Assert.Contains("apikeys_calls_total{", text);
        Assert.Contains("result=\"accepted\"", text);
        Assert.Contains("apikeys_verification_duration_seconds_bucket{", text);
        Assert.Contains("apikeys_keys{", text);
        Assert.Contains("status=\"active\"", text);
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.DoesNotContain(key.Key.Token, text);
    }

    [Fact]
    public async Task The_scrape_is_refused_to_an_address_not_allowed()
    {
        await using var app = new ApiKeysApp(new Dictionary<string, string?> { ["Metrics:AllowFrom:0"] = "10.0.0.0/8", ["Metrics:AllowFrom:1"] = "fd00::/8" });
        using var scraper = app.PlainClient();

        var response = await scraper.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Metrics:AllowFrom", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_turned_off_leave_no_scrape_endpoint()
    {
        await using var app = new ApiKeysApp(new Dictionary<string, string?> { ["Metrics:Enabled"] = "false" });
        using var scraper = app.PlainClient();

        Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Keys_are_counted_by_status_for_the_gauge()
    {
        await using var app = new ApiKeysApp();
        var key = await EligibleKeyAsync(app);
        await app.WithAsync<IAuthenticationKeyService, int>(async keys => (await keys.SetDisabledAsync([key.Key.Id], true, CancellationToken.None)).Value);
        await EligibleKeyAsync(app, "second.bot");

        var counts = await app.WithAsync<IAuthenticationKeyService, IReadOnlyDictionary<KeyStatus, int>>(keys => keys.CountByStatusAsync(CancellationToken.None));
        app.Services.GetRequiredService<KeyCounts>().Update(counts);
        using var gauge = new Recorded(app, "apikeys.keys");
        gauge.Listener.RecordObservableInstruments();

        Assert.Equal(1, gauge.Sum(("status", "disabled")));
        Assert.Equal(1, gauge.Sum(("status", "active")));
        Assert.Equal(0, gauge.Sum(("status", "expired")));
    }

    private static async Task<CreatedKey> EligibleKeyAsync(ApiKeysApp app, string login = "metrics.bot")
    {
        await app.CreateAccountAsync(login, "Metrics bot", SystemRole.Administrators);
        return await app.CreateKeyAsync(login);
    }

    /// <summary>One instrument's measurements from this app's own meter (other apps in the test run have theirs).</summary>
    private sealed class Recorded : IDisposable
    {
        private readonly List<(double Value, KeyValuePair<string, object?>[] Tags)> _measurements = [];

        public Recorded(ApiKeysApp app, string instrument)
        {
            var factory = app.Services.GetRequiredService<IMeterFactory>();
            _ = app.Services.GetRequiredService<ApiKeysMetrics>();
            Listener.InstrumentPublished = (published, listener) =>
            {
                if (published.Meter.Scope == factory && published.Name == instrument)
                {
                    listener.EnableMeasurementEvents(published);
                }
            };
            Listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Add(value, tags));
            Listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Add(value, tags));
            Listener.Start();
        }

        public MeterListener Listener { get; } = new();

        public int Count
        {
            get
            {
                lock (_measurements)
                {
                    return _measurements.Count;
                }
            }
        }

        public IEnumerable<string> TagValues
        {
            get
            {
                lock (_measurements)
                {
                    return [.. _measurements.SelectMany(m => m.Tags).Select(t => t.Value?.ToString() ?? "")];
                }
            }
        }

        public double Sum(params (string Name, string Value)[] having)
        {
            lock (_measurements)
            {
                return _measurements.Where(m => having.All(h => m.Tags.Any(t => t.Key == h.Name && Equals(t.Value, h.Value)))).Sum(m => m.Value);
            }
        }

        public void Dispose() => Listener.Dispose();

        private void Add(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (_measurements)
            {
                _measurements.Add((value, tags.ToArray()));
            }
        }
    }
}
