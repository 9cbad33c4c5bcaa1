namespace ApiKeys.Domain;

/// <summary>Why an expected operation failed, with a reason a person can read in the current UI language.</summary>
public sealed record Failure(FailureCode Code, string Message);
