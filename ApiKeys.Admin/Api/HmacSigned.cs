namespace ApiKeys.Admin.Api;

/// <summary>Marks the endpoints that only an HMAC-signed request may call (the <c>/api/v1</c> group).</summary>
public sealed class HmacSigned
{
    public static readonly HmacSigned Instance = new();

    private HmacSigned()
    {
    }
}
