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
            var members = new List<SfMember>();
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

                members.RemoveAll(m => m.Key == key);
                members.Add(new SfMember(key, value, _text[start.._at]));
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
            var items = new List<SfItem>();
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

        private Dictionary<string, object> Parameters()
        {
            var parameters = new Dictionary<string, object>(StringComparer.Ordinal);
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

                parameters[key] = value;
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
                return _at - digitsStart > 15
                    ? throw new FormatException("integer too long")
                    : long.Parse(_text.AsSpan(start, _at - start), System.Globalization.CultureInfo.InvariantCulture);
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
            var start = _at;
            while (_at < _text.Length && _text[_at] != ':')
            {
                var c = _text[_at];
                if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
                {
                    throw new FormatException("a byte sequence may hold only base64");
                }

                _at++;
            }

            var encoded = _text[start.._at];
            Expect(':');
            try
            {
                return Convert.FromBase64String(encoded);
            }
            catch (FormatException)
            {
                throw new FormatException("a byte sequence is not valid base64");
            }
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

            return _text[start.._at];
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

        private static bool IsTokenChar(char c) =>
            char.IsAsciiLetterOrDigit(c) || c is ':' or '/' or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
    }
}

/// <summary>One member of a dictionary, with the exact text of its value as sent.</summary>
public sealed record SfMember(string Key, SfValue Value, string RawValue);

/// <summary>A dictionary member's value: an item or an inner list.</summary>
public abstract record SfValue(IReadOnlyDictionary<string, object> Parameters);

/// <summary>A bare item (long, decimal, string, <see cref="SfToken"/>, byte[] or bool) with its parameters.</summary>
public sealed record SfItem(object Value, IReadOnlyDictionary<string, object> Parameters) : SfValue(Parameters);

/// <summary>A parenthesised list of items with parameters of its own.</summary>
public sealed record SfInnerList(IReadOnlyList<SfItem> Items, IReadOnlyDictionary<string, object> Parameters) : SfValue(Parameters);

/// <summary>A token, kept apart from a string.</summary>
public readonly record struct SfToken(string Value);
