using System.Buffers;
using System.Runtime.CompilerServices;
using ApiKeys.Client;

namespace ApiKeys.Domain.Hmac;

/// <summary>How <c>Signature-Input</c> is read: the label's components and parameters, in one pass, with every rule it must meet.</summary>
internal sealed partial class ParsedSignature
{
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
