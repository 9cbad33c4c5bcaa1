using ApiKeys.Admin.Api.Contracts;
using ApiKeys.Domain;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Usage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ApiKeys.Admin.Api;

/// <summary>Key management for System administrators, through the same service, rules and messages as the UI.</summary>
internal static class KeyEndpoints
{
    public static void MapKeyEndpoints(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").RequireAuthorization(ApiSetup.AdministratorPolicy).WithTags("Authentication keys")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        keys.MapGet("/", ListAsync).WithName("ListKeys").WithSummary("A page of keys, sorted and filtered like the admin list.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        keys.MapGet("/{id:guid}", DetailsAsync).WithName("GetKey")
            .WithSummary("One key with its calls per day (accepted and refused, UTC) over the last days, where it was last used from, and its audit trail.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        keys.MapPost("/", CreateAsync).WithName("CreateKey").WithSummary("Creates a key; the response holds its secret, shown only this once.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        keys.MapPut("/{id:guid}/expiry", ChangeExpiryAsync).WithName("ChangeKeyExpiry").WithSummary("Changes a key's expiry (and nothing else).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        keys.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateKey").WithSummary("Changes a key's name and description, and its expiry and scopes when given, together.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        keys.MapPost("/{id:guid}/roll", RollAsync).WithName("RollKey")
            .WithSummary("Rolls a key: a new key (its secret shown only this once) replaces it; the old one works on for the grace period.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        keys.MapDelete("/{id:guid}", DeleteOneAsync).WithName("DeleteKey").WithSummary("Deletes one key.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        keys.MapPost("/disable", (KeyIdsRequest request, IAuthenticationKeyService service, CancellationToken cancellationToken) =>
                SetDisabledAsync(request, disabled: true, service, cancellationToken))
            .WithName("DisableKeys").WithSummary("Disables keys: they are refused (key-disabled) until enabled again.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        keys.MapPost("/enable", (KeyIdsRequest request, IAuthenticationKeyService service, CancellationToken cancellationToken) =>
                SetDisabledAsync(request, disabled: false, service, cancellationToken))
            .WithName("EnableKeys").WithSummary("Enables disabled keys again.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        keys.MapPost("/delete", DeleteManyAsync).WithName("DeleteKeys").WithSummary("Deletes several keys in one operation.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<Ok<KeyListResponse>> ListAsync(
        [AsParameters] KeyListQuery query, IAuthenticationKeyService service, CancellationToken cancellationToken)
    {
        var result = await service.QueryAsync(query.ToKeyQuery(), cancellationToken);
        return TypedResults.Ok(new KeyListResponse([.. result.Items.Select(KeyResponse.From)], result.TotalCount, result.TotalCountIsExact, query.Page, query.PageSize));
    }

    private static async Task<Results<Ok<KeyDetailsResponse>, ProblemHttpResult>> DetailsAsync(
        Guid id, IAuthenticationKeyService service, IStringLocalizer<Messages> messages, CancellationToken cancellationToken, int days = 30)
    {
        if (days is < 1 or > KeyUsageReport.MaxDays)
        {
            return ApiProblems.BadRequest($"days must be between 1 and {KeyUsageReport.MaxDays} (the usage kept); it was {days}.");
        }

        var details = await service.DetailsAsync(id, days, TimeZoneInfo.Utc, cancellationToken);
        return details is null ? ApiProblems.NotFound(messages) : TypedResults.Ok(KeyDetailsResponse.From(details));
    }

    private static async Task<Results<Created<CreatedKeyResponse>, ProblemHttpResult>> CreateAsync(
        CreateKeyRequest request, IAuthenticationKeyService service, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Account))
        {
            return ApiProblems.BadRequest("account is required: the login (or id) of the account the key is for.");
        }

        var (limits, refused) = KeyLimitsBody.From(request.AllowFrom, request.RateLimit, request.Quota);
        return refused is not null
            ? ApiProblems.From(service.Explain(refused))
            : (await service.CreateAsync(new KeyDraft(request.Account, request.ExpiresAt, request.Name, request.Description, request.Scopes, limits), cancellationToken))
                .ToCreated(Location, CreatedKeyResponse.From);
    }

    private static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> ChangeExpiryAsync(
        Guid id, ChangeExpiryRequest request, IAuthenticationKeyService service, CancellationToken cancellationToken) =>
        (await service.UpdateAsync(id, KeyUpdate.Expiry(request.ExpiresAt), request.Version, cancellationToken)).ToOk(KeyResponse.From);

    private static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateKeyRequest request, IAuthenticationKeyService service, CancellationToken cancellationToken)
    {
        var (limits, refused) = KeyLimitsBody.From(request.AllowFrom, request.RateLimit, request.Quota);
        return refused is not null
            ? ApiProblems.From(service.Explain(refused))
            : (await service.UpdateAsync(
                id, KeyUpdate.Naming(request.Name ?? "", request.Description) with { ExpiresAt = request.ExpiresAt, Scopes = request.Scopes, Limits = limits },
                request.Version, cancellationToken)).ToOk(KeyResponse.From);
    }

    private static async Task<Results<Created<CreatedKeyResponse>, ProblemHttpResult>> RollAsync(
        Guid id, RollKeyRequest request, IAuthenticationKeyService service, CancellationToken cancellationToken) =>
        request.Grace is not { } grace
            ? ApiProblems.BadRequest($"grace is required: how long the old key keeps working, one of {string.Join(", ", KeyRolls.Graces.Select(g => $"\"{g:c}\""))}.")
            : (await service.RollAsync(id, grace, request.Version, cancellationToken)).ToCreated(Location, CreatedKeyResponse.From);

    private static string Location(CreatedKey created) => $"/api/v1/keys/{created.Key.Id}";

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteOneAsync(
        Guid id, IAuthenticationKeyService service, IStringLocalizer<Messages> messages, CancellationToken cancellationToken)
    {
        var deleted = await service.DeleteAsync([id], cancellationToken);
        return deleted.Value == 0 ? ApiProblems.NotFound(messages) : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ChangedKeysResponse>, ProblemHttpResult>> SetDisabledAsync(
        KeyIdsRequest request, bool disabled, IAuthenticationKeyService service, CancellationToken cancellationToken) =>
        (await service.SetDisabledAsync(request.Ids ?? [], disabled, cancellationToken)).ToOk(changed => new ChangedKeysResponse(changed));

    private static async Task<Results<Ok<DeleteKeysResponse>, ProblemHttpResult>> DeleteManyAsync(
        DeleteKeysRequest request, IAuthenticationKeyService service, CancellationToken cancellationToken) =>
        (await service.DeleteAsync(request.Ids ?? [], cancellationToken)).ToOk(deleted => new DeleteKeysResponse(deleted));
}
