namespace ApiKeys.Domain;

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
