namespace ApiKeys.Domain.Hmac;

/// <summary>What <see cref="StructuredFieldReader.Read"/> stopped at.</summary>
public enum SfTokenType
{
    None,

    /// <summary>A dictionary member's key; its value follows: an <see cref="Item"/> or an inner list.</summary>
    MemberKey,
    InnerListStart,
    InnerListEnd,

    /// <summary>A bare item: a member's value or one item of an inner list.</summary>
    Item,

    /// <summary>A parameter of the item or inner list just read: its key and its value.</summary>
    Parameter,
}
