namespace ApiKeys.Domain.Hmac;

/// <summary>The opt-in compatibility scheme of Comindware's .NET client.</summary>
public sealed class ComindwareSchemeOptions
{
    public bool Enabled { get; set; }
}
