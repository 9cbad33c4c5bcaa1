namespace ApiKeys.Admin.Api.Contracts;

/// <summary>A page of keys; <c>totalCount</c> is exact up to 10,000, and beyond it 10,000 with <c>totalCountIsExact</c> false.</summary>
public sealed record KeyListResponse(IReadOnlyList<KeyResponse> Items, int TotalCount, bool TotalCountIsExact, int Page, int PageSize);
