using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ApiKeys.Client;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Limits;
using ApiKeys.Domain.Usage;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Checks a signed request: the RFC 9421 profile (<c>Signature-Input</c>/<c>Signature</c>, hmac-sha256) and, when
/// enabled, the Comindware scheme (<c>Authorization: HMAC token:signature</c>). Reads keys from the in-memory cache.
/// Then the key's own limits, in this order, so a call refused earlier spends nothing later: its addresses (with its
/// standing and scopes), the nonce, its rate limit (counted alongside the nonce), its quota (spent last, by calls
/// accepted in every other way).
/// </summary>
public sealed class HmacVerifier(
    CredentialCache credentials,
    IReplayStore replays,
    IKeyRateCounter rates,
    KeyQuotas quotas,
    KeyUsageRecorder usage,
    TimeProvider time,
    IOptions<HmacOptions> options)
{
    private const string UnknownKeyId = "No authentication key has this keyid: it may have been deleted.";

    private HmacOptions Options => options.Value;

    public async ValueTask<HmacVerification> VerifyAsync(HmacRequest request, CancellationToken cancellationToken)
    {
        var input = request.Headers["Signature-Input"];
        var signature = request.Headers["Signature"];
        if (input.Count == 0 && signature.Count == 0)
        {
            var authorization = request.Headers.Authorization.ToString();
            if (authorization.StartsWith(ComindwareSignature.Scheme + " ", StringComparison.OrdinalIgnoreCase))
            {
                return Options.ComindwareScheme.Enabled
                    ? await VerifyComindwareAsync(request, authorization[(ComindwareSignature.Scheme.Length + 1)..].Trim(), cancellationToken)
                    : Reject(HmacFailure.SchemeDisabled, "The Comindware HMAC scheme (Authorization: HMAC …) is not enabled on this server; sign with Signature-Input and Signature (RFC 9421).");
            }

            return Reject(HmacFailure.MissingSignature, "Sign the request: send the Signature-Input and Signature headers (RFC 9421, hmac-sha256).");
        }

        if (input.Count == 0 || signature.Count == 0)
        {
            return Malformed("Signature-Input and Signature must be sent together.");
        }

        var parsed = ParsedSignature.Parse(input.ToString(), signature.ToString(), out var error);
        return parsed is null ? Malformed(error) : await VerifySignatureAsync(request, parsed, cancellationToken);
    }

    /// <summary>
    /// The refusal of an RFC 9421 call whose keyid belongs to no key, told from its headers alone — no body, database or
    /// store read — or null when only <see cref="VerifyAsync"/> can tell. It refuses only what VerifyAsync would refuse
    /// the same way: a malformed or stale signature, or a body without a covered Content-Digest, is left to it. A known
    /// keyid costs one cache lookup here, so accepted calls pay next to nothing for it.
    /// </summary>
    public HmacRejection? RefuseUnknownKey(Microsoft.AspNetCore.Http.IHeaderDictionary headers, bool hasBody)
    {
        var input = headers["Signature-Input"];
        var signature = headers["Signature"];
        var now = time.GetUtcNow();
        if (input.Count != 1 || signature.Count == 0 || ParsedSignature.KeyIdOf(input[0]) is not { } named || !credentials.RefusesUnread(named, now))
        {
            return null;
        }

        var parsed = ParsedSignature.Parse(input.ToString(), signature.ToString(), out _);
        return parsed is null
               || (hasBody && !parsed.Components.Contains("content-digest"))
               || CheckClock(parsed.Created, now, "created") is not null
               || parsed.Expires <= now.ToUnixTimeSeconds()
               || (KeySecrets.IsTokenShape(parsed.KeyId) && !credentials.RefusesUnread(parsed.KeyId, now))
            ? null
            : Reject(HmacFailure.UnknownKey, UnknownKeyId);
    }

    private async ValueTask<HmacVerification> VerifySignatureAsync(HmacRequest request, ParsedSignature signature, CancellationToken cancellationToken)
    {
        if (!request.Body.IsEmpty && !signature.Components.Contains("content-digest"))
        {
            return Malformed("A request with a body must send Content-Digest and cover \"content-digest\" in the signature.");
        }

        // Everything that needs no key is checked before the key is looked up, so a made-up request costs no lookup.
        var now = time.GetUtcNow();
        if (CheckClock(signature.Created, now, "created") is { } clock)
        {
            return clock;
        }

        if (signature.Expires is { } expires && expires <= now.ToUnixTimeSeconds())
        {
            return Reject(HmacFailure.StaleSignature, "The signature's expires time has passed.");
        }

        var credential = KeySecrets.IsTokenShape(signature.KeyId) ? await credentials.FindAsync(signature.KeyId, now, cancellationToken) : null;
        if (credential is null)
        {
            return Reject(HmacFailure.UnknownKey, UnknownKeyId);
        }

        return Counted(await VerifyWithKeyAsync(request, signature, credential, now, cancellationToken), credential, request, now);
    }

    private async ValueTask<HmacVerification> VerifyWithKeyAsync(HmacRequest request, ParsedSignature signature, KeyCredential credential, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (SignatureMatches(request, signature, credential.HmacSha256))
        {
            case null:
                break;
            case { } missing when missing.Length > 0:
                return Malformed($"The signature covers \"{missing}\", but the request has no such header.");
            default:
                return Reject(HmacFailure.SignatureMismatch, "The signature does not match the request. Check the secret and that the signature base is built from the request exactly as sent.");
        }

        if (signature.Components.Contains("content-digest") && CheckContentDigest(request) is { } digest)
        {
            return digest;
        }

        if (CheckStanding(credential, request, now) is { } standing)
        {
            return standing;
        }

        var created = DateTimeOffset.FromUnixTimeSeconds(signature.Created); // within the clock window, checked above
        var rememberUntil = created + Options.ClockSkew + TimeSpan.FromSeconds(1);

        // A rate-limited key's call is counted while its nonce is remembered: with Redis, both are on the wire together.
        // Counted in memory, the count is there at once; only Redis's answer is waited for after the nonce's.
        var counting = credential.Rate is { } rate ? rates.CountAsync(credential.KeyId, rate, rate.WindowOf(now).Window, cancellationToken) : default;
        var counted = counting.IsCompletedSuccessfully ? counting.Result : (long?)null;
        var pending = credential.Rate is null || counted is not null ? null : counting.AsTask();
        bool fresh;
        try
        {
            fresh = await replays.TryRememberAsync(credential.Token, signature.Nonce, rememberUntil, cancellationToken);
        }
        catch
        {
            pending?.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            throw;
        }

        if (!fresh)
        {
            return Reject(HmacFailure.ReplayedNonce, "This nonce was already used with this key: sign every request with a fresh nonce.");
        }

        // Read after remembering: a store that found its memory lost (a restart) says so before it answers.
        if (replays.RemembersSince is { } since && created < since)
        {
            return Reject(HmacFailure.StaleSignature, "The signature was created before the server's replay protection started (it restarted), so it cannot be checked for a replay: sign the request again.");
        }

        return await WithinLimitsAsync(credential, counted, pending, now, cancellationToken);
    }

    /// <summary>
    /// The key's rate limit and quota, for a call accepted in every other way: the rate first (counted already when
    /// <paramref name="counted"/> or <paramref name="counting"/> is given), then one call of the quota spent. A key
    /// without either passes untouched.
    /// </summary>
    private async ValueTask<HmacVerification> WithinLimitsAsync(
        KeyCredential credential, long? counted, Task<long>? counting, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (credential.Rate is null && credential.Quota is null)
        {
            return new HmacVerification(credential, null);
        }

        var (rateLeft, rateReset) = (0L, 0);
        if (credential.Rate is { } rate)
        {
            var (window, reset) = rate.WindowOf(now);
            var count = counted ?? (counting is null ? await rates.CountAsync(credential.KeyId, rate, window, cancellationToken) : await counting);
            (rateLeft, rateReset) = (rate.Calls - count, reset);
            if (rateLeft < 0)
            {
                return new HmacRejection(HmacFailure.KeyRateLimited,
                    $"This key may make {rate.Calls} calls per {rate.Per.ToString().ToLowerInvariant()}; call again in {reset} s (Retry-After).")
                {
                    RetryAfterSeconds = reset,
                    Limits = new LimitStanding(rate, 0, reset, null, 0, null),
                };
            }
        }

        var (quotaLeft, quotaReset) = (0L, (int?)null);
        if (credential.Quota is { } quota)
        {
            var next = quota.NextRefill(now);
            quotaReset = next is { } refill ? (int)Math.Ceiling((refill - now).TotalSeconds) : null;
            if (await quotas.SpendAsync(credential.Token, quota, now, cancellationToken) is not { } left)
            {
                return new HmacRejection(HmacFailure.KeyQuotaExhausted, next is { } refilled
                        ? $"This key has used all {quota.Calls} calls of its quota; it is refilled at {refilled:u}."
                        : $"This key has used all {quota.Calls} calls of its quota; an administrator can give it a new quota.")
                {
                    RetryAfterSeconds = quotaReset,
                    Limits = new LimitStanding(null, 0, 0, quota, 0, quotaReset),
                };
            }

            quotaLeft = left;
        }

        return new HmacVerification(credential, null) { Limits = new LimitStanding(credential.Rate, rateLeft, rateReset, credential.Quota, quotaLeft, quotaReset) };
    }

    private async ValueTask<HmacVerification> VerifyComindwareAsync(HmacRequest request, string credentialsText, CancellationToken cancellationToken)
    {
        var colon = credentialsText.IndexOf(':');
        var provided = new byte[64];
        if (colon <= 0 || !Convert.TryFromBase64String(credentialsText[(colon + 1)..], provided, out var length) || length != 64)
        {
            return Malformed("Authorization must be \"HMAC <token>:<base64 HMAC-SHA512 signature>\".");
        }

        var now = time.GetUtcNow();
        var date = request.Headers.Date.Count > 0 ? request.Headers.Date.ToString() : null;
        if (date is not null)
        {
            if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sent))
            {
                return Malformed("The Date header is not an HTTP date.");
            }

            if (CheckClock(sent.ToUnixTimeSeconds(), now, "Date") is { } clock)
            {
                return clock;
            }
        }

        var token = credentialsText[..colon];
        var credential = KeySecrets.IsTokenShape(token) ? await credentials.FindAsync(token, now, cancellationToken) : null;
        if (credential is null)
        {
            return Reject(HmacFailure.UnknownKey, "No authentication key has this token: it may have been deleted.");
        }

        var verification = VerifyComindwareWithKey(request, credential, provided, date, now);
        return Counted(verification.Rejection is null ? await WithinLimitsAsync(credential, null, null, now, cancellationToken) : verification, credential, request, now);
    }

    private HmacVerification VerifyComindwareWithKey(HmacRequest request, KeyCredential credential, byte[] provided, string? date, DateTimeOffset now)
    {
        var body = request.Body.Span;
        var bodyHash = ComindwareSignature.BodyHash(body);
        var contentMd5 = request.Headers["Content-MD5"];
        if (contentMd5.Count > 0 && !string.Equals(contentMd5.ToString(), bodyHash, StringComparison.Ordinal))
        {
            return Reject(HmacFailure.DigestMismatch, "Content-MD5 does not match the body.");
        }

        var (path, _) = MessageSignature.PathAndQuery(request.RawTarget);
        string? Header(string name) => request.Headers[name] is { Count: > 0 } value ? value.ToString() : null;
        var signed = ComindwareSignature.StringToSign(request.Method, path, date, Header("Expires"), Header("Content-Type"), bodyHash);
        var matches = Matches(signed) || (body.IsEmpty && Matches(ComindwareSignature.StringToSign(request.Method, path, date, Header("Expires"), Header("Content-Type"), null)));
        if (!matches)
        {
            return Reject(HmacFailure.SignatureMismatch, "The signature does not match the request. Check the secret and the string to sign.");
        }

        if (CheckStanding(credential, request, now) is { } standing)
        {
            return standing;
        }

        return new HmacVerification(credential, null);

        bool Matches(string stringToSign)
        {
            var length = Encoding.UTF8.GetMaxByteCount(stringToSign.Length);
            var rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
            var bytes = rented ?? stackalloc byte[1024];
            Span<byte> mac = stackalloc byte[64];
            credential.HmacSha512.Compute(bytes[..Encoding.UTF8.GetBytes(stringToSign, bytes)], mac);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }

            return CryptographicOperations.FixedTimeEquals(mac, provided);
        }
    }

    /// <summary>
    /// Builds the signature base from the request as received and compares HMACs in constant time, without allocating:
    /// null when they match, the name of a covered header the request lacks, or "" when they differ.
    /// </summary>
    private static string? SignatureMatches(HmacRequest request, ParsedSignature signature, KeyedHmac hmac)
    {
        MessageSignature.SplitTarget(request.RawTarget, out var path, out var query);
        string?[]? headers = null; // the covered headers' values, when any are covered
        var size = 64 + signature.Parameters.Length + request.Method.Length + request.Authority.Length + request.RawTarget.Length;
        for (var i = 0; i < signature.Components.Length; i++)
        {
            var component = signature.Components[i];
            if (!component.StartsWith('@'))
            {
                headers ??= new string?[signature.Components.Length];
                headers[i] = HeaderValue(request, component);
                if (headers[i] is null)
                {
                    return component;
                }
            }

            size += 16 + component.Length + (headers?[i]?.Length ?? 0);
        }

        size = Encoding.UTF8.GetMaxByteCount(size);
        byte[]? rented = null;
        var buffer = size <= 2048 ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var writer = new SignatureBaseWriter(buffer);
            Span<char> method = stackalloc char[Math.Min(request.Method.Length, 32)];
            Span<char> authority = stackalloc char[Math.Min(request.Authority.Length, 256)];
            var methodLength = request.Method.AsSpan().ToUpperInvariant(method);
            var authorityLength = request.Authority.AsSpan().ToLowerInvariant(authority);
            authorityLength = authorityLength < 0 ? -1 : MessageSignature.AuthorityLength(authority[..authorityLength], request.Scheme);
            for (var i = 0; i < signature.Components.Length; i++)
            {
                var component = signature.Components[i];
                writer.Component(component, component switch
                {
                    "@method" => methodLength < 0 ? request.Method.ToUpperInvariant() : method[..methodLength],
                    "@authority" => authorityLength < 0 ? MessageSignature.Authority(request.Authority, request.Scheme) : authority[..authorityLength],
                    "@path" => path,
                    "@query" => query,
                    _ => headers![i],
                });
            }

            var length = writer.Finish(signature.Parameters.Span);
            Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
            hmac.Compute(buffer[..length], expected);
            return CryptographicOperations.FixedTimeEquals(expected, signature.Value) ? null : "";
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>In whole seconds, so no value a header can carry is out of range.</summary>
    private HmacRejection? CheckClock(long sentSeconds, DateTimeOffset now, string what)
    {
        var age = now.ToUnixTimeSeconds() - sentSeconds; // |sent| < 10^15 (a Structured Field integer): no overflow
        var skew = (long)Options.ClockSkew.TotalSeconds;
        return age > skew
            ? new(HmacFailure.StaleSignature, $"The signature's {what} is more than {skew} s in the past: sign each request when sending it.")
            : -age > skew
                ? new(HmacFailure.FutureSignature, $"The signature's {what} is more than {skew} s in the future: check the client's clock.")
                : null;
    }

    /// <summary>The key's and its account's standing, whether the key may call the route's scope, and from this address.</summary>
    private static HmacRejection? CheckStanding(KeyCredential credential, HmacRequest request, DateTimeOffset now) =>
        credential.IsDisabled ? new(HmacFailure.KeyDisabled, "The authentication key is disabled; an administrator can enable it again.")
        : credential.ExpiresAt <= now ? new(HmacFailure.ExpiredKey, $"The authentication key expired at {credential.ExpiresAt:u}.")
        : !credential.AccountEligible ? new(HmacFailure.AccountNotEligible, "The key's account may not use the API: it needs the \"API calls\" permission or membership in \"System administrators\", and must be active.")
        : request.Scope is { } scope && !KeyScopes.Allow(credential.Scopes, scope)
            ? new(HmacFailure.KeyOutOfScope, $"The authentication key may not call the scope \"{scope}\"; it may call: {string.Join(", ", credential.Scopes)}. An administrator can widen its scopes.")
        : !AddressRanges.Allow(credential.AllowFrom, request.ClientAddress)
            ? new(HmacFailure.KeyAddressNotAllowed, $"The authentication key may not be used from {AddressRanges.Unmapped(request.ClientAddress)?.ToString() ?? "an unknown address"}; an administrator can add it to the key's allowed addresses.")
        : null;

    private static HmacRejection? CheckContentDigest(HmacRequest request)
    {
        // Every sha-256 or sha-512 digest sent must match; other algorithms are passed over (RFC 9530 §2).
        var reader = new StructuredFieldReader(request.Headers["Content-Digest"].ToString());
        string? algorithm = null, notBytes = null;
        bool checkedAny = false, matches = true;
        while (reader.Read())
        {
            if (reader.TokenType == SfTokenType.MemberKey)
            {
                algorithm = reader.Key switch { "sha-256" => "sha-256", "sha-512" => "sha-512", _ => null };
            }
            else if (algorithm is not null)
            {
                if (reader is { TokenType: SfTokenType.Item, Kind: SfItemKind.ByteSequence })
                {
                    var digest = algorithm == "sha-256" ? SHA256.HashData(request.Body.Span) : SHA512.HashData(request.Body.Span);
                    matches &= CryptographicOperations.FixedTimeEquals(reader.GetBytes(), digest);
                    checkedAny = true;
                }
                else
                {
                    notBytes ??= algorithm;
                }

                algorithm = null; // the rest of its value says nothing here
            }
        }

        return reader.Error is not null ? Malformed($"Content-Digest is malformed: {reader.Error}.")
            : notBytes is not null ? Malformed($"Content-Digest {notBytes} must be a byte sequence (:base64:).")
            : !checkedAny ? Malformed("Content-Digest must carry sha-256 or sha-512.")
            : matches ? null
            : Reject(HmacFailure.DigestMismatch, "Content-Digest does not match the body.");
    }

    private static string? HeaderValue(HmacRequest request, string name) =>
        !request.Headers.TryGetValue(name, out var values) || values.Count == 0 ? null
        : values.Count == 1 ? values[0]?.Trim()
        : string.Join(", ", values.Select(v => v?.Trim()));

    /// <summary>Counts a call whose key was found, accepted or refused, for the key's usage.</summary>
    private HmacVerification Counted(HmacVerification verification, KeyCredential credential, HmacRequest request, DateTimeOffset now)
    {
        if (verification.Rejection is null)
        {
            usage.Accepted(credential.KeyId, now, request);
        }
        else
        {
            usage.Refused(credential.KeyId, now, request.Route, verification.Rejection.Failure);
        }

        return verification;
    }

    private static HmacRejection Reject(HmacFailure failure, string detail) => new(failure, detail);

    private static HmacRejection Malformed(string? detail) => new(HmacFailure.MalformedSignature, detail ?? "The signature headers are malformed.");
}
