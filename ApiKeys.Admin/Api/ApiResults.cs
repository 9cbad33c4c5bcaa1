using ApiKeys.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ApiKeys.Admin.Api;

/// <summary>A service's <see cref="Result{T}"/> as the endpoint's answer: the value, or the failure as a problem.</summary>
internal static class ApiResults
{
    public static Results<Ok<TResponse>, ProblemHttpResult> ToOk<T, TResponse>(this Result<T> result, Func<T, TResponse> respond) =>
        result.Failure is { } failure ? ApiProblems.From(failure) : TypedResults.Ok(respond(result.Value!));

    public static Results<Created<TResponse>, ProblemHttpResult> ToCreated<T, TResponse>(this Result<T> result, Func<T, string> location, Func<T, TResponse> respond) =>
        result.Failure is { } failure ? ApiProblems.From(failure) : TypedResults.Created(location(result.Value!), respond(result.Value!));
}
