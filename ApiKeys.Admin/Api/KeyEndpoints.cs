using ApiKeys.Domain;
using ApiKeys.Domain.Keys;
using Microsoft.Extensions.Localization;

namespace ApiKeys.Admin.Api;

/// <summary>Key management for System administrators, through the same service, rules and messages as the UI.</summary>
internal static class KeyEndpoints
{
    public static void MapKeyEndpoints(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").RequireAuthorization(ApiSetup.AdministratorPolicy).WithTags("Authentication keys");

        keys.MapGet("/", ListAsync).WithName("ListKeys").WithSummary("A page of keys, sorted and filtered like the admin list.");
        keys.MapPost("/", CreateAsync).WithName("CreateKey").WithSummary("Creates a key; the response holds its secret, shown only this once.");
        keys.MapPut("/{id:guid}/expiry", ChangeExpiryAsync).WithName("ChangeKeyExpiry").WithSummary("Changes a key's expiry (and nothing else).");
        keys.MapDelete("/{id:guid}", DeleteOneAsync).WithName("DeleteKey").WithSummary("Deletes one key.");
        keys.MapPost("/delete", DeleteManyAsync).WithName("DeleteKeys").WithSummary("Deletes several keys in one operation.");
    }

    private static async Task<IResult> ListAsync(
        IAuthenticationKeyService service, CancellationToken cancellationToken,
        int page = 0, int pageSize = 25, string sort = "expires", bool descending = false, string? search = null, string? status = null)
    {
        if (pageSize is < 1 or > 500 || page < 0)
        {
            return ApiProblems.BadRequest("page must be 0 or more and pageSize between 1 and 500.");
        }

        if (!Enum.TryParse<KeySort>(sort, ignoreCase: true, out var sortBy) || !Enum.IsDefined(sortBy))
        {
            return ApiProblems.BadRequest("sort must be account, created or expires.");
        }

        KeyStatus? statusFilter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<KeyStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return ApiProblems.BadRequest("status must be Active, ExpiringSoon or Expired.");
            }

            statusFilter = parsed;
        }

        var result = await service.QueryAsync(new KeyQuery(page, pageSize, sortBy, descending, search, statusFilter), cancellationToken);
        return TypedResults.Ok(new KeyListResponse([.. result.Items.Select(KeyResponse.From)], result.TotalCount, result.TotalCountIsExact, page, pageSize));
    }

    private static async Task<IResult> CreateAsync(CreateKeyRequest request, IAuthenticationKeyService service, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Account))
        {
            return ApiProblems.BadRequest("account is required: the login (or id) of the account the key is for.");
        }

        var created = await service.CreateAsync(request.Account, request.ExpiresAt, cancellationToken);
        return created.Failure is { } failure
            ? ApiProblems.From(failure)
            : TypedResults.Created($"/api/v1/keys/{created.Value!.Key.Id}", new CreatedKeyResponse(KeyResponse.From(created.Value.Key), created.Value.Secret));
    }

    private static async Task<IResult> ChangeExpiryAsync(Guid id, ChangeExpiryRequest request, IAuthenticationKeyService service, CancellationToken cancellationToken)
    {
        var changed = await service.ChangeExpiryAsync(id, request.ExpiresAt, request.Version, cancellationToken);
        return changed.Failure is { } failure ? ApiProblems.From(failure) : TypedResults.Ok(KeyResponse.From(changed.Value!));
    }

    private static async Task<IResult> DeleteOneAsync(Guid id, IAuthenticationKeyService service, IStringLocalizer<Messages> messages, CancellationToken cancellationToken)
    {
        var deleted = await service.DeleteAsync([id], cancellationToken);
        return deleted.Value == 0
            ? ApiProblems.From(new Failure(FailureCode.KeyNotFound, messages[nameof(FailureCode.KeyNotFound)]))
            : TypedResults.NoContent();
    }

    private static async Task<IResult> DeleteManyAsync(DeleteKeysRequest request, IAuthenticationKeyService service, CancellationToken cancellationToken)
    {
        var deleted = await service.DeleteAsync(request.Ids ?? [], cancellationToken);
        return deleted.Failure is { } failure ? ApiProblems.From(failure) : TypedResults.Ok(new DeleteKeysResponse(deleted.Value));
    }
}
