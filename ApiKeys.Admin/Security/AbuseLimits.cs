using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using ApiKeys.Domain;
using Microsoft.Extensions.Options;

namespace ApiKeys.Admin.Security;

/// <summary>
/// Rate limits against guessing and flooding: sign-in posts per client address (ASP.NET Core's rate limiter middleware),
/// sign-in attempts per login, and refused API calls per client address (never per key: see <see cref="CountRefused"/>). A limit reached answers 429 with
/// <c>Retry-After</c> until its window ends; while an address is over its limit its calls are refused before any
/// verification, so a flood costs the server almost nothing.
/// </summary>
public sealed partial class AbuseLimits : IDisposable
{
    private const int MaxBlocked = 100_000;
    private readonly RateLimits _limits;
    private readonly TimeProvider _time;
    private readonly PartitionedRateLimiter<string> _signInPerLogin;
    private readonly PartitionedRateLimiter<string> _refused;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);
    private long _lastBlockEndsTicks; // when the latest block ends: past it nothing is blocked, read without a lock

    public AbuseLimits(IOptions<RateLimits> limits, TimeProvider time)
    {
        _limits = limits.Value;
        _time = time;
        _signInPerLogin = PartitionedRateLimiter.Create<string, string>(login => Partition(login, _limits.SignInPerLogin));
        _refused = PartitionedRateLimiter.Create<string, string>(address => Partition(address, _limits.RefusedApiCallsPerAddress));
    }

    public static IServiceCollection AddAbuseLimits(IServiceCollection services)
    {
        services.AddSettings<RateLimits, RateLimitsValidator>(RateLimits.Section);
        services.AddSingleton<AbuseLimits>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var limit = http.RequestServices.GetRequiredService<IOptions<RateLimits>>().Value.SignInPerAddress;
                return HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals("/account/sign-in", StringComparison.OrdinalIgnoreCase) && limit.IsOn
                    ? RateLimitPartition.GetFixedWindowLimiter(Address(http.Connection.RemoteIpAddress), _ => limit.ToOptions())
                    : RateLimitPartition.GetNoLimiter("");
            });
            options.OnRejected = (context, _) =>
            {
                SetRetryAfter(context.HttpContext.Response, context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1));
                return ValueTask.CompletedTask; // no body: the status page explains
            };
        });
        return services;
    }

    /// <summary>False, with when to try again, when the login has had too many attempts.</summary>
    public bool TryStartSignIn(string login, out TimeSpan retryAfter)
    {
        using var lease = _signInPerLogin.AttemptAcquire(login.Trim().ToUpperInvariant());
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : _limits.SignInPerLogin.Window;
        return lease.IsAcquired;
    }

    /// <summary>Whether calls from this address are refused unverified for now; allocation-free while nothing is.</summary>
    public bool IsRefusing(HttpRequest request, out TimeSpan retryAfter)
    {
        retryAfter = default;
        var now = _time.GetUtcNow();
        if (now.UtcTicks >= Interlocked.Read(ref _lastBlockEndsTicks))
        {
            return false; // every API call comes here: no lock (ConcurrentDictionary.IsEmpty takes all of them)
        }

        return IsBlocked(Address(request.HttpContext.Connection.RemoteIpAddress), now, ref retryAfter);
    }

    /// <summary>
    /// Counts a refused call against its address — never against the key it names: a key's token travels in every
    /// request, so counting by key would let anyone who saw it lock its holder out (brute-forcing a 256-bit secret
    /// is not the threat).
    /// </summary>
    public void CountRefused(HttpRequest request) => Count(Address(request.HttpContext.Connection.RemoteIpAddress));

    public static void SetRetryAfter(HttpResponse response, TimeSpan after) =>
        response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, after.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _signInPerLogin.Dispose();
        _refused.Dispose();
    }

    /// <summary>The key a request names in <c>keyid="…"</c> or <c>Authorization: HMAC …</c>, if any.</summary>
    public static string? KeyIdOf(HttpRequest request) =>
        KeyIdPattern().Match($"{request.Headers["Signature-Input"]} {request.Headers.Authorization}") is { Success: true } match ? match.Groups["key"].Value : null;

    /// <summary>Counts one refusal; the one that uses up the window's last permit blocks the partition until the window ends.</summary>
    private void Count(string partition)
    {
        _refused.AttemptAcquire(partition).Dispose();
        using var lease = _refused.AttemptAcquire(partition, permitCount: 0); // fails, with Retry-After, once none are left
        if (!lease.IsAcquired && _blockedUntil.Count < MaxBlocked)
        {
            var after = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
            var ends = _time.GetUtcNow() + after;
            _blockedUntil[partition] = ends;
            for (var latest = Interlocked.Read(ref _lastBlockEndsTicks); ends.UtcTicks > latest; latest = Interlocked.Read(ref _lastBlockEndsTicks))
            {
                if (Interlocked.CompareExchange(ref _lastBlockEndsTicks, ends.UtcTicks, latest) == latest)
                {
                    break;
                }
            }
        }
    }

    private bool IsBlocked(string partition, DateTimeOffset now, ref TimeSpan retryAfter)
    {
        if (!_blockedUntil.TryGetValue(partition, out var until))
        {
            return false;
        }

        if (until <= now)
        {
            _blockedUntil.TryRemove(new KeyValuePair<string, DateTimeOffset>(partition, until));
            return false;
        }

        retryAfter = until - now;
        return true;
    }

    private static RateLimitPartition<string> Partition(string key, RateLimit limit) =>
        limit.IsOn ? RateLimitPartition.GetFixedWindowLimiter(key, _ => limit.ToOptions()) : RateLimitPartition.GetNoLimiter(key);

    private static string Address(IPAddress? address) => address?.ToString() ?? "unknown";

    [GeneratedRegex("(?:keyid=\"|HMAC )(?<key>[0-9a-f]{8,64})", RegexOptions.IgnoreCase)]
    private static partial Regex KeyIdPattern();
}
