using System.Buffers;
using System.Runtime.CompilerServices;
using ApiKeys.Client;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// The signature a request carries, read from its <c>Signature-Input</c> and <c>Signature</c> headers (RFC 9421 §4):
/// the first label of <c>Signature-Input</c>, its covered components and parameters, and the bytes <c>Signature</c>
/// holds under that label. Read in one pass over each header, allocating only what the verification keeps.
/// </summary>
internal sealed class ParsedSignature
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

    [InlineArray(32)]
    private struct ComponentList
    {
        private string _first;
    }

    private enum ParameterName : byte
    {
        Created,
        Expires,
        Nonce,
        KeyId,
        Alg,
        Tag,
    }

    /// <summary>The parameters in the order first sent, each once: the order they are serialised in.</summary>
    [InlineArray(6)]
    private struct ParameterOrder
    {
        private ParameterName _first;
    }

    /// <summary>What the label's value says, and the first thing wrong with it.</summary>
    private struct Input
    {
        public ComponentList Components;
        public int Count;
        public int ValueStart;
        public int ValueEnd;
        public long? Created;
        public long? Expires;
        public string? Nonce;
        public string? KeyId;
        private ParameterOrder _order;
        private int _orderCount;
        private string? _tag;
        private bool _started;
        private bool _listed;
        private bool _listEnded;
        private bool _hasAlgorithm;
        private string? _problem;

        public void Take(ref StructuredFieldReader reader, string label)
        {
            ValueStart = _started ? ValueStart : reader.ValueStart;
            ValueEnd = reader.Position;
            _started = true;
            if (_problem is not null)
            {
                return;
            }

            switch (reader.TokenType)
            {
                case SfTokenType.InnerListStart:
                    _listed = true;
                    break;
                case SfTokenType.InnerListEnd:
                    _listEnded = true;
                    break;
                case SfTokenType.Item when !_listed:
                    _problem = $"Signature-Input {label} must be an inner list of covered components.";
                    break;
                case SfTokenType.Item:
                    Component(ref reader);
                    break;
                case SfTokenType.Parameter when !_listEnded:
                    _problem = "Covered components must be plain strings such as \"@method\" or \"content-digest\".";
                    break;
                case SfTokenType.Parameter:
                    Parameter(ref reader);
                    break;
            }
        }

        public readonly string? Problem()
        {
            if (_problem is not null)
            {
                return _problem;
            }

            for (var i = 0; i < MessageSignature.RequiredComponents.Count; i++)
            {
                if (((ReadOnlySpan<string>)Components)[..Count].IndexOf(MessageSignature.RequiredComponents[i]) < 0)
                {
                    return $"The signature must cover \"{MessageSignature.RequiredComponents[i]}\" (and @method, @authority, @path, @query).";
                }
            }

            return Created is null ? "The signature needs created=<unix seconds>."
                : Nonce is null ? "The signature needs nonce=\"…\": 16 to 128 characters of A-Z a-z 0-9 - _."
                : KeyId is null ? "The signature needs keyid=\"<token>\"."
                : !_hasAlgorithm ? $"The signature needs alg=\"{MessageSignature.Algorithm}\"."
                : null;
        }

        private void Component(ref StructuredFieldReader reader)
        {
            if (reader.Kind != SfItemKind.String)
            {
                _problem = "Covered components must be plain strings such as \"@method\" or \"content-digest\".";
                return;
            }

            var component = reader.GetString();
            if (component.StartsWith('@') ? component is not ("@method" or "@authority" or "@path" or "@query") : !IsFieldName(component))
            {
                _problem = $"The component \"{component}\" is not supported; {DerivedComponents}, and header names are lower-case.";
            }
            else if (((ReadOnlySpan<string>)Components)[..Count].IndexOf(component) >= 0)
            {
                _problem = $"The component \"{component}\" is covered twice.";
            }
            else
            {
                Components[Count++] = component;
            }
        }

        private void Parameter(ref StructuredFieldReader reader)
        {
            var kind = reader.Kind;
            switch (reader.Key)
            {
                case "created" or "expires" or "nonce" or "keyid" or "alg" or "tag":
                    Seen(reader.Key switch
                    {
                        "created" => ParameterName.Created, "expires" => ParameterName.Expires, "nonce" => ParameterName.Nonce,
                        "keyid" => ParameterName.KeyId, "alg" => ParameterName.Alg, _ => ParameterName.Tag,
                    });
                    break;
            }

            switch (reader.Key)
            {
                case "created":
                    Created = kind == SfItemKind.Integer ? reader.Integer : null;
                    Require(Created is not null, "The signature needs created=<unix seconds>.");
                    break;
                case "expires":
                    Expires = kind == SfItemKind.Integer && reader.Integer >= 0 ? reader.Integer : null;
                    Require(Expires is not null, "The signature parameter expires must be unix seconds.");
                    break;
                case "nonce":
                    Nonce = kind == SfItemKind.String && IsNonce(reader.Text) ? reader.GetString() : null;
                    Require(Nonce is not null, "The signature needs nonce=\"…\": 16 to 128 characters of A-Z a-z 0-9 - _.");
                    break;
                case "keyid":
                    KeyId = kind == SfItemKind.String && reader.Text.Length is > 0 and <= 128 ? reader.GetString() : null;
                    Require(KeyId is not null, "The signature needs keyid=\"<token>\".");
                    break;
                case "alg":
                    _hasAlgorithm = kind == SfItemKind.String && reader.Text.SequenceEqual(MessageSignature.Algorithm);
                    Require(_hasAlgorithm, $"The signature needs alg=\"{MessageSignature.Algorithm}\".");
                    break;
                case "tag":
                    _tag = kind == SfItemKind.String ? reader.GetString() : null;
                    Require(_tag is not null, "The signature parameter tag must be a string.");
                    break;
                default:
                    Require(false, $"The signature parameter {reader.GetKey()} is not supported.");
                    break;
            }
        }

        /// <summary>
        /// The inner list and its parameters as RFC 8941 serialises them: one space between items, none inside the
        /// parentheses or after a semicolon, integers without leading zeros. Returns <paramref name="received"/> itself
        /// when it already reads so, which costs no allocation.
        /// </summary>
        public readonly ReadOnlyMemory<char> Serialized(ReadOnlyMemory<char> received)
        {
            // Never longer than what was received, but for escapes a signer left out, which the reader refuses.
            var size = received.Length + 16;
            char[]? rented = null;
            var buffer = size <= 512 ? stackalloc char[size] : (rented = ArrayPool<char>.Shared.Rent(size));
            try
            {
                var text = new Text(buffer);
                text.Add("(");
                for (var i = 0; i < Count; i++)
                {
                    text.Add(i > 0 ? " " : "");
                    text.AddString(Components[i]);
                }

                text.Add(")");
                for (var i = 0; i < _orderCount; i++)
                {
                    switch (_order[i])
                    {
                        case ParameterName.Created: text.Add(";created="); text.AddInteger(Created!.Value); break;
                        case ParameterName.Expires: text.Add(";expires="); text.AddInteger(Expires!.Value); break;
                        case ParameterName.Nonce: text.Add(";nonce="); text.AddString(Nonce!); break;
                        case ParameterName.KeyId: text.Add(";keyid="); text.AddString(KeyId!); break;
                        case ParameterName.Alg: text.Add(";alg="); text.AddString(MessageSignature.Algorithm); break;
                        default: text.Add(";tag="); text.AddString(_tag!); break;
                    }
                }

                var serialized = text.Written;
                return serialized.SequenceEqual(received.Span) ? received : new string(serialized).AsMemory();
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<char>.Shared.Return(rented);
                }
            }
        }

        private void Seen(ParameterName name)
        {
            if (((ReadOnlySpan<ParameterName>)_order)[.._orderCount].IndexOf(name) < 0)
            {
                _order[_orderCount++] = name;
            }
        }

        private void Require(bool met, string problem)
        {
            if (!met)
            {
                _problem = problem;
            }
        }
    }

    /// <summary>Characters written into a buffer that is large enough by construction (see <see cref="Input.Serialized"/>).</summary>
    private ref struct Text(Span<char> buffer)
    {
        private readonly Span<char> _buffer = buffer;
        private int _length;

        public readonly ReadOnlySpan<char> Written => _buffer[.._length];

        public void Add(scoped ReadOnlySpan<char> text)
        {
            text.CopyTo(_buffer[_length..]);
            _length += text.Length;
        }

        public void AddInteger(long value)
        {
            value.TryFormat(_buffer[_length..], out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
            _length += written;
        }

        /// <summary>An sf-string: quoted, with <c>"</c> and <c>\</c> escaped.</summary>
        public void AddString(string value)
        {
            Add("\"");
            foreach (var c in value)
            {
                if (c is '"' or '\\')
                {
                    Add("\\");
                }

                _buffer[_length++] = c;
            }

            Add("\"");
        }
    }
}
