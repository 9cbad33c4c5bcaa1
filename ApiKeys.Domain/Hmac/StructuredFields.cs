using System.Buffers;
using System.Collections.Frozen;
using System.Text;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// A strict parser for the Structured Field Values (RFC 8941) that HTTP Message Signatures use: dictionaries whose
/// members are items or inner lists with parameters. Anything outside the grammar is rejected, never guessed at.
/// </summary>
public static class StructuredFields
{
    private const int MaxMembers = 16;
    private const int MaxItems = 32;
    private const int MaxParameters = 16;

    private static readonly IReadOnlyDictionary<string, object> NoParameters = new SfParameters();

    // The keys and strings every signature repeats, returned without allocating them again.
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CommonStrings = FrozenSet.Create(
        StringComparer.Ordinal,
        "@method", "@authority", "@path", "@query", "content-digest", "hmac-sha256",
        "sig1", "created", "expires", "nonce", "keyid", "alg", "tag", "sha-256", "sha-512").GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> Base64Chars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    /// <summary>Parses a dictionary field; null (with a reason) when it is not well-formed.</summary>
    public static IReadOnlyList<SfMember>? ParseDictionary(string field, out string? error)
    {
        var parser = new Parser(field);
        try
        {
            var members = parser.Dictionary();
            error = null;
            return members;
        }
        catch (FormatException exception)
        {
            error = exception.Message;
            return null;
        }
    }

    private ref struct Parser(string text)
    {
        private readonly string _text = text;
        private int _at;

        public List<SfMember> Dictionary()
        {
            SkipSpaces();
            var members = new List<SfMember>(2);
            while (_at < _text.Length)
            {
                var key = Key();
                var start = _at;
                SfValue value;
                if (Peek() == '=')
                {
                    _at++;
                    start = _at;
                    value = Peek() == '(' ? InnerList() : Item();
                }
                else
                {
                    value = new SfItem(true, Parameters());
                }

                if (members.Count >= MaxMembers)
                {
                    throw new FormatException("too many dictionary members");
                }

                for (var i = members.Count - 1; i >= 0; i--)
                {
                    if (members[i].Key == key)
                    {
                        members.RemoveAt(i); // a later duplicate wins (RFC 8941 §4.2.2)
                    }
                }

                members.Add(new SfMember(key, value, _text.AsMemory(start, _at - start)));
                SkipOptionalWhitespace();
                if (_at == _text.Length)
                {
                    return members;
                }

                Expect(',');
                SkipOptionalWhitespace();
                if (_at == _text.Length)
                {
                    throw new FormatException("trailing comma");
                }
            }

            throw new FormatException("empty field");
        }

        private SfInnerList InnerList()
        {
            Expect('(');
            var items = new List<SfItem>(8);
            while (true)
            {
                while (Peek() == ' ')
                {
                    _at++;
                }

                if (Peek() == ')')
                {
                    _at++;
                    return new SfInnerList(items, Parameters());
                }

                if (items.Count >= MaxItems)
                {
                    throw new FormatException("too many items in an inner list");
                }

                items.Add(Item());
                var next = Peek();
                if (next is not (' ' or ')'))
                {
                    throw new FormatException("items of an inner list must be separated by spaces");
                }
            }
        }

        private SfItem Item() => new(BareItem(), Parameters());

        private IReadOnlyDictionary<string, object> Parameters()
        {
            if (Peek() != ';')
            {
                return NoParameters;
            }

            var parameters = new SfParameters();
            while (Peek() == ';')
            {
                _at++;
                while (Peek() == ' ')
                {
                    _at++;
                }

                var key = Key();
                object value = true;
                if (Peek() == '=')
                {
                    _at++;
                    value = BareItem();
                }

                parameters.Set(key, value);
                if (parameters.Count > MaxParameters)
                {
                    throw new FormatException("too many parameters");
                }
            }

            return parameters;
        }

        private object BareItem()
        {
            var c = Peek();
            return c switch
            {
                '-' or (>= '0' and <= '9') => Number(),
                '"' => String(),
                ':' => ByteSequence(),
                '?' => Boolean(),
                '*' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') => Token(),
                _ => throw new FormatException(_at < _text.Length ? $"unexpected '{c}' at {_at}" : "value missing at the end"),
            };
        }

        private object Number()
        {
            var start = _at;
            if (Peek() == '-')
            {
                _at++;
            }

            var digitsStart = _at;
            while (char.IsAsciiDigit(Peek()))
            {
                _at++;
            }

            if (_at == digitsStart)
            {
                throw new FormatException("a number needs digits");
            }

            if (Peek() != '.')
            {
                if (_at - digitsStart > 15)
                {
                    throw new FormatException("integer too long");
                }

                var integer = 0L;
                foreach (var digit in _text.AsSpan(digitsStart, _at - digitsStart))
                {
                    integer = integer * 10 + (digit - '0');
                }

                return start == digitsStart ? integer : -integer;
            }

            var integerDigits = _at - digitsStart;
            _at++;
            var fractionStart = _at;
            while (char.IsAsciiDigit(Peek()))
            {
                _at++;
            }

            var fractionDigits = _at - fractionStart;
            return integerDigits > 12 || fractionDigits is 0 or > 3
                ? throw new FormatException("malformed decimal")
                : decimal.Parse(_text.AsSpan(start, _at - start), System.Globalization.CultureInfo.InvariantCulture);
        }

        private string String()
        {
            Expect('"');

            // Most strings have no escapes: take them as they are.
            var end = _text.IndexOfAny(['"', '\\'], _at);
            if (end >= 0 && _text[end] == '"' && !_text.AsSpan(_at, end - _at).ContainsAnyExceptInRange(' ', '~'))
            {
                var plain = Common(_text.AsSpan(_at, end - _at)) ?? _text[_at..end];
                _at = end + 1;
                return plain;
            }

            var value = new StringBuilder();
            while (_at < _text.Length)
            {
                var c = _text[_at++];
                if (c == '\\')
                {
                    var escaped = _at < _text.Length ? _text[_at++] : '\0';
                    value.Append(escaped is '"' or '\\' ? escaped : throw new FormatException("bad escape in a string"));
                }
                else if (c == '"')
                {
                    return value.ToString();
                }
                else if (c is < ' ' or > '~')
                {
                    throw new FormatException("a string may hold only printable ASCII");
                }
                else
                {
                    value.Append(c);
                }
            }

            throw new FormatException("unterminated string");
        }

        private SfToken Token()
        {
            var start = _at++;
            while (_at < _text.Length && IsTokenChar(_text[_at]))
            {
                _at++;
            }

            return new SfToken(_text[start.._at]);
        }

        private byte[] ByteSequence()
        {
            Expect(':');
            var end = _text.IndexOf(':', _at);
            var encoded = _text.AsSpan(_at, (end < 0 ? _text.Length : end) - _at);
            if (encoded.ContainsAnyExcept(Base64Chars))
            {
                throw new FormatException("a byte sequence may hold only base64");
            }

            _at += encoded.Length;
            Expect(':');
            var padding = encoded.EndsWith("==") ? 2 : encoded.EndsWith("=") ? 1 : 0;
            var decoded = encoded.Length % 4 == 0 ? new byte[encoded.Length / 4 * 3 - padding] : null;
            return decoded is not null && Convert.TryFromBase64Chars(encoded, decoded, out var written) && written == decoded.Length
                ? decoded
                : throw new FormatException("a byte sequence is not valid base64");
        }

        private bool Boolean()
        {
            Expect('?');
            var c = Peek();
            _at++;
            return c switch
            {
                '1' => true,
                '0' => false,
                _ => throw new FormatException("a boolean is ?0 or ?1"),
            };
        }

        private string Key()
        {
            var start = _at;
            var first = Peek();
            if (!(first == '*' || char.IsAsciiLetterLower(first)))
            {
                throw new FormatException(_at < _text.Length ? $"a key must start with a lower-case letter at {_at}" : "a key is missing");
            }

            _at++;
            while (_at < _text.Length && (char.IsAsciiLetterLower(_text[_at]) || char.IsAsciiDigit(_text[_at]) || _text[_at] is '_' or '-' or '.' or '*'))
            {
                _at++;
            }

            return Common(_text.AsSpan(start, _at - start)) ?? _text[start.._at];
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw new FormatException(_at < _text.Length ? $"expected '{c}' at {_at}" : $"expected '{c}' at the end");
            }

            _at++;
        }

        private readonly char Peek() => _at < _text.Length ? _text[_at] : '\0';

        private void SkipSpaces()
        {
            while (Peek() == ' ')
            {
                _at++;
            }
        }

        private void SkipOptionalWhitespace()
        {
            while (Peek() is ' ' or '\t')
            {
                _at++;
            }
        }

        private static string? Common(ReadOnlySpan<char> text) => CommonStrings.TryGetValue(text, out var common) ? common : null;

        private static bool IsTokenChar(char c) =>
            char.IsAsciiLetterOrDigit(c) || c is ':' or '/' or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
    }
}

/// <summary>One member of a dictionary, with the exact text of its value as sent.</summary>
public sealed record SfMember(string Key, SfValue Value, ReadOnlyMemory<char> RawValue);

/// <summary>A dictionary member's value: an item or an inner list.</summary>
public abstract record SfValue(IReadOnlyDictionary<string, object> Parameters);

/// <summary>A bare item (long, decimal, string, <see cref="SfToken"/>, byte[] or bool) with its parameters.</summary>
public sealed record SfItem(object Value, IReadOnlyDictionary<string, object> Parameters) : SfValue(Parameters);

/// <summary>A parenthesised list of items with parameters of its own.</summary>
public sealed record SfInnerList(IReadOnlyList<SfItem> Items, IReadOnlyDictionary<string, object> Parameters) : SfValue(Parameters);

/// <summary>Parameters in the order sent; few enough that a list beats a hash table.</summary>
internal sealed class SfParameters : IReadOnlyDictionary<string, object>
{
    private readonly List<KeyValuePair<string, object>> _items = new(6);

    public int Count => _items.Count;

    public IEnumerable<string> Keys => _items.Select(p => p.Key);

    public IEnumerable<object> Values => _items.Select(p => p.Value);

    public object this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out object value)
    {
        foreach (var item in _items)
        {
            if (item.Key == key)
            {
                value = item.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Sets a parameter; a repeated key keeps its first position and takes the last value (RFC 8941 §4.2.3.2).</summary>
    public void Set(string key, object value)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (_items[i].Key == key)
            {
                _items[i] = new(key, value);
                return;
            }
        }

        _items.Add(new(key, value));
    }

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A token, kept apart from a string.</summary>
public readonly record struct SfToken(string Value);
