using System.Buffers;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// The signature a request carries, read from its <c>Signature-Input</c> and <c>Signature</c> headers (RFC 9421 §4):
/// the first label of <c>Signature-Input</c>, its covered components and parameters, and the bytes <c>Signature</c>
/// holds under that label. Read in one pass over each header, allocating only what the verification keeps.
/// </summary>
internal sealed partial class ParsedSignature
{
    private const string DerivedComponents = "derived components are @method, @authority, @path and @query";
    private static readonly SearchValues<char> NonceChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    private static readonly SearchValues<char> FieldNameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-_.!#$%&'*+^`|~");

    private ParsedSignature(string[] components, ReadOnlyMemory<char> parameters, long created, long? expires, string nonce, string keyId, byte[] value)
    {
        Components = components;
        Parameters = parameters;
        Created = created;
        Expires = expires;
        Nonce = nonce;
        KeyId = keyId;
        Value = value;
    }

    /// <summary>The covered components, in the order signed.</summary>
    public string[] Components { get; }

    /// <summary>
    /// The label's value serialised as RFC 8941 says (RFC 9421 §2.3): the last line of the signature base
    /// (<c>@signature-params</c>). The text as sent when it is already so, as it is from every conforming signer.
    /// </summary>
    public ReadOnlyMemory<char> Parameters { get; }

    public long Created { get; }

    public long? Expires { get; }

    public string Nonce { get; }

    public string KeyId { get; }

    public byte[] Value { get; }

    /// <summary>
    /// The first <c>keyid="…"</c> in a <c>Signature-Input</c> field, found without parsing the field: a cheap first look
    /// for a keyid no key has. Only <see cref="Parse"/> says what the signature's keyid is.
    /// </summary>
    public static string? KeyIdOf(string? inputField)
    {
        var at = inputField.AsSpan().IndexOf(";keyid=\"", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var value = inputField.AsSpan(at + 8);
        var end = value.IndexOf('"');
        return end is > 0 and <= 128 ? value[..end].ToString() : null;
    }

    /// <summary>The signature the headers carry, or null with the reason they are refused.</summary>
    public static ParsedSignature? Parse(string inputField, string signatureField, out string? error)
    {
        var input = new Input();
        var reader = new StructuredFieldReader(inputField);
        string? label = null;
        var inLabel = false;
        while (reader.Read())
        {
            if (reader.TokenType == SfTokenType.MemberKey)
            {
                label ??= reader.GetKey();
                inLabel = reader.Key.SequenceEqual(label);
                if (inLabel)
                {
                    input = default; // a label sent again replaces what it said before
                }
            }
            else if (inLabel)
            {
                input.Take(ref reader, label!);
            }
        }

        if (reader.Error is not null)
        {
            error = $"Signature-Input is malformed: {reader.Error}.";
            return null;
        }

        error = input.Problem();
        var value = error is null ? SignatureValue(signatureField, label!, out error) : null;
        return value is null
            ? null
            : new ParsedSignature(
                input.Components[..input.Count].ToArray(), input.Serialized(inputField.AsMemory(input.ValueStart, input.ValueEnd - input.ValueStart)),
                input.Created!.Value, input.Expires, input.Nonce!, input.KeyId!, value);
    }

    private static byte[]? SignatureValue(string field, string label, out string? error)
    {
        var reader = new StructuredFieldReader(field);
        byte[]? value = null;
        var inLabel = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case SfTokenType.MemberKey:
                    inLabel = reader.Key.SequenceEqual(label);
                    value = inLabel ? null : value; // a label sent again replaces what it said before
                    break;
                case SfTokenType.InnerListStart or SfTokenType.Item when inLabel:
                    value = reader is { TokenType: SfTokenType.Item, Kind: SfItemKind.ByteSequence } ? reader.GetBytes() : null;
                    inLabel = false; // the rest of its value says nothing to the verifier
                    break;
            }
        }

        error = reader.Error is not null ? $"Signature is malformed: {reader.Error}."
            : value is null ? $"Signature must carry a byte sequence labelled {label}, like Signature-Input."
            : null;
        return error is null ? value : null;
    }

    private static bool IsNonce(ReadOnlySpan<char> nonce) => nonce.Length is >= 16 and <= 128 && !nonce.ContainsAnyExcept(NonceChars);

    private static bool IsFieldName(ReadOnlySpan<char> name) => name.Length > 0 && !name.ContainsAnyExcept(FieldNameChars);
}
