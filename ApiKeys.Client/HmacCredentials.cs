namespace ApiKeys.Client;

/// <summary>An authentication key as the external system holds it: the public token and the base64 secret.</summary>
public sealed class HmacCredentials
{
    /// <summary>Creates credentials; the secret must be the base64 text ApiKeys showed when the key was created.</summary>
    public HmacCredentials(string token, string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        Span<byte> decoded = stackalloc byte[secret.Length];
        if (!Convert.TryFromBase64String(secret, decoded, out _))
        {
            throw new ArgumentException("The secret must be the base64 text shown when the key was created.", nameof(secret));
        }

        Token = token;
        Secret = secret;
    }

    /// <summary>The key's public token, sent as <c>keyid</c>.</summary>
    public string Token { get; }

    /// <summary>The key's secret (base64). Never logged: <see cref="ToString"/> leaves it out.</summary>
    public string Secret { get; }

    /// <inheritdoc />
    public override string ToString() => $"HmacCredentials {{ Token = {Token}, Secret = *** }}";
}
