namespace ApiKeys.Admin.Api.Contracts;

public sealed record KeyUsageDayResponse(DateOnly Day, long Accepted, long Refused, RefusalsBody RefusedBy);
