namespace ApiKeys.Domain;

/// <summary>The expected failures, each with its message in <see cref="Messages"/> under the same name.</summary>
public enum FailureCode
{
    ExpiryNotInFuture,
    ExpiryBeyondMaximum,
    AccountNotFound,
    AccountNotEligible,
    KeyNotFound,
    ConcurrencyConflict,
    NothingSelected,
    LoginTaken,
    InvalidAccount,
    RoleNotFound,
    RoleNameTaken,
    BuiltInRole,
    LastAdministrator,
    OwnAccountDeactivation,
    OwnAdministratorRole,
    NameRequired,
    NameTooLong,
    NameHasControlCharacters,
    AccountChangedMeanwhile,
    AlreadyDeactivated,
    AlreadyActive,
    KeyNameTooLong,
    GraceNotOffered,
    InvalidEmail,
    KeyAlreadyRolled,
    KeyDisabledCannotRoll,
    KeyExpiredCannotRoll,
    AdministratorsAlwaysMayUseApi,
    InvalidScope,
    TooManyScopes,
    InvalidAddressRange,
    TooManyAddressRanges,
    InvalidRateLimit,
    InvalidQuota,

    /// <summary>The database could not be reached: nothing was saved (said by the caller that met the outage).</summary>
    DatabaseUnavailable,
}
