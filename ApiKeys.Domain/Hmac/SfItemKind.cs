namespace ApiKeys.Domain.Hmac;

/// <summary>The type of a bare item (RFC 8941 §3.3).</summary>
public enum SfItemKind
{
    Integer,
    Decimal,
    String,
    Token,
    ByteSequence,
    Boolean,
}
