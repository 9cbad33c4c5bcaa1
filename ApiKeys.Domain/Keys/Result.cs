namespace ApiKeys.Domain.Keys;

/// <summary>Why an expected operation failed, with a reason a person can read in the current UI language.</summary>
public sealed record Failure(FailureCode Code, string Message);

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
    NameRequired,
    NameTooLong,
    NameHasControlCharacters,
    AccountChangedMeanwhile,
    AlreadyDeactivated,
    AlreadyActive,
    KeyNameTooLong,
    GraceNotOffered,
    InvalidEmail,
}

/// <summary>The outcome of an operation that can fail in expected ways: a value or a <see cref="Failure"/>.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Failure? failure) => (Value, Failure) = (value, failure);

    public T? Value { get; }

    public Failure? Failure { get; }

    public bool Succeeded => Failure is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Failure failure) => new(default, failure);
}
