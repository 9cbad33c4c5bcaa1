using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Usage;

namespace ApiKeys.Domain.Keys;

/// <summary>Everything administrators do with authentication keys; the UI, the API and the command line use only this.</summary>
public interface IAuthenticationKeyService
{
    Task<KeyPage> QueryAsync(KeyQuery query, CancellationToken cancellationToken);

    /// <summary>A rule's refusal said in the reader's language, for a caller that checked a value before asking (a limit's unit).</summary>
    Failure Explain(Refusal refusal);

    /// <summary>The names of the keys with these tokens, by token (the audit log names keys by token); deleted keys are absent.</summary>
    Task<IReadOnlyDictionary<string, string>> NamesByTokenAsync(IReadOnlyCollection<string> tokens, CancellationToken cancellationToken);

    /// <summary>The key with this token, or null (a text that cannot be a token is not looked up).</summary>
    Task<AuthenticationKeyRow?> FindByTokenAsync(string token, CancellationToken cancellationToken);

    /// <summary>
    /// One key with its calls per day over the last <paramref name="days"/> days (1 to <see cref="KeyUsageReport.MaxDays"/>),
    /// the days as <paramref name="zone"/> counts them (the browser's on the page, UTC for the API and the command line),
    /// where it was last used from, and its own audit trail; null when there is no such key (any more).
    /// </summary>
    Task<KeyDetails?> DetailsAsync(Guid id, int days, TimeZoneInfo zone, CancellationToken cancellationToken);

    /// <summary>How many keys expire soon and how many have expired, for the page's notice and the menu.</summary>
    Task<KeyAttention> AttentionAsync(CancellationToken cancellationToken);

    /// <summary>How many keys have each status now (every status, zero included).</summary>
    Task<IReadOnlyDictionary<KeyStatus, int>> CountByStatusAsync(CancellationToken cancellationToken);

    /// <summary>The account with this login if it may be given a key; else why not (no such account, or it may not use the API).</summary>
    Task<Result<AccountSummary>> FindAccountForKeyAsync(string login, CancellationToken cancellationToken);

    /// <summary>Accounts that may be given a key, matching <paramref name="search"/> in login or display name.</summary>
    Task<IReadOnlyList<AccountSummary>> FindEligibleAccountsAsync(string? search, int take, CancellationToken cancellationToken);

    /// <summary>Creates a key named as <see cref="KeyNames.Suggested"/> suggests, for every route.</summary>
    Task<Result<CreatedKey>> CreateAsync(string account, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        CreateAsync(new KeyDraft(account, expiresAt), cancellationToken);

    /// <summary>Creates a key with a name (null: the suggested one) and a description, for every route.</summary>
    Task<Result<CreatedKey>> CreateAsync(string account, DateTimeOffset expiresAt, string? name, string? description, CancellationToken cancellationToken) =>
        CreateAsync(new KeyDraft(account, expiresAt, name, description), cancellationToken);

    /// <summary>Creates a key as drafted; the returned secret is the only copy in plaintext.</summary>
    Task<Result<CreatedKey>> CreateAsync(KeyDraft draft, CancellationToken cancellationToken);

    /// <summary>
    /// Changes a key's name, description and expiry together (what <paramref name="update"/> leaves null stays);
    /// <paramref name="version"/> is the one the editor saw.
    /// </summary>
    Task<Result<AuthenticationKeyRow>> UpdateAsync(Guid id, KeyUpdate update, Guid version, CancellationToken cancellationToken);

    /// <summary>
    /// Rolls a key: a new key for the same account with the same name, description and expiry, whose secret is returned
    /// this once; the old key keeps working for <paramref name="grace"/> (one of <see cref="KeyRolls.Graces"/>) and its
    /// expiry becomes the earlier of its own and the end of the grace. The two are linked both ways.
    /// </summary>
    Task<Result<CreatedKey>> RollAsync(Guid id, TimeSpan grace, Guid version, CancellationToken cancellationToken);

    /// <summary>
    /// Disables the given keys (refused like deleted ones, on every instance within the revocation bound) or enables
    /// them again, in one operation; returns how many changed (keys already so are left as they are).
    /// </summary>
    Task<Result<int>> SetDisabledAsync(IReadOnlyCollection<Guid> ids, bool disabled, CancellationToken cancellationToken);

    /// <summary>Deletes the given keys in one operation; returns how many were deleted.</summary>
    Task<Result<int>> DeleteAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);
}
