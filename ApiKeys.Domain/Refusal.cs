namespace ApiKeys.Domain;

/// <summary>
/// A rule's "no", as the entity that holds the rule says it: which rule, and the values its message names. The
/// service that asked turns it into a <see cref="Failure"/> in the reader's language.
/// </summary>
public sealed record Refusal(FailureCode Code, params object[] Arguments);
