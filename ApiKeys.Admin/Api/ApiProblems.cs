using ApiKeys.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ApiKeys.Admin.Api;

/// <summary>Turns the key service's expected failures into problem responses with the same reasons the UI shows.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult From(Failure failure)
    {
        var status = failure.Code switch
        {
            FailureCode.KeyNotFound => StatusCodes.Status404NotFound,
            FailureCode.ConcurrencyConflict or FailureCode.KeyAlreadyRolled or FailureCode.KeyDisabledCannotRoll or FailureCode.KeyExpiredCannotRoll
                => StatusCodes.Status409Conflict,
            FailureCode.AccountNotFound or FailureCode.AccountNotEligible => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status400BadRequest,
        };
        var slug = string.Concat(failure.Code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? $"-{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));
        // A value the request got wrong is named as validation problems name it: errors, by the field's JSON name.
        var extensions = FieldOf(failure.Code) is { } field
            ? new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [failure.Message] } }
            : null;
        return TypedResults.Problem(failure.Message, statusCode: status, title: failure.Code.ToString(), type: $"urn:apikeys:problem:{slug}", extensions: extensions);
    }

    private static string? FieldOf(FailureCode code) => code switch
    {
        FailureCode.ExpiryNotInFuture or FailureCode.ExpiryBeyondMaximum => "expiresAt",
        FailureCode.NameRequired or FailureCode.KeyNameTooLong or FailureCode.NameHasControlCharacters => "name",
        FailureCode.InvalidScope or FailureCode.TooManyScopes => "scopes",
        FailureCode.InvalidAddressRange or FailureCode.TooManyAddressRanges => "allowFrom",
        FailureCode.InvalidRateLimit => "rateLimit",
        FailureCode.InvalidQuota => "quota",
        _ => null,
    };

    /// <summary>No such key (any more), in the words the UI uses.</summary>
    public static ProblemHttpResult NotFound(IStringLocalizer<Messages> messages) =>
        From(new Failure(FailureCode.KeyNotFound, messages[nameof(FailureCode.KeyNotFound)]));

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request", type: "urn:apikeys:problem:bad-request");
}
