using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// A strict reader for the Structured Field dictionaries (RFC 8941) that HTTP Message Signatures and Content-Digest
/// use: it walks the field token by token, like <c>Utf8JsonReader</c>, and allocates only when asked for a string.
/// Anything outside the grammar stops it with a reason in <see cref="Error"/>; nothing is guessed at. A key sent twice
/// is passed on twice: the RFC says the later value wins, so a reader of the tokens keeps the last one.
/// </summary>
public ref partial struct StructuredFieldReader
{
    private const int MaxMembers = 16;
    private const int MaxItems = 32;
    private const int MaxParameters = 16;

    // The keys and strings every signature repeats, returned without allocating them again.
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CommonStrings = FrozenSet.Create(
        StringComparer.Ordinal,
        "@method", "@authority", "@path", "@query", "content-digest", "hmac-sha256",
        "sig1", "created", "expires", "nonce", "keyid", "alg", "tag", "sha-256", "sha-512").GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> Base64Chars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");
    private static readonly SearchValues<char> KeyChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_-.*");
    private static readonly SearchValues<char> TokenChars = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:/!#$%&'*+-.^_`|~");

    private enum State
    {
        Member,
        Value,
        Parameters,
        InnerList,
        Done,
    }

    private readonly ReadOnlySpan<char> _text;
    private int _at;
    private State _state;
    private bool _inInnerList;
    private bool _escaped;
    private int _members;
    private int _items;
    private int _parameters;

    public StructuredFieldReader(ReadOnlySpan<char> field) => _text = field;

    /// <summary>Why the field is not well-formed; null while it is.</summary>
    public string? Error { get; private set; }

    public SfTokenType TokenType { get; private set; }

    /// <summary>The key of a <see cref="SfTokenType.MemberKey"/> or <see cref="SfTokenType.Parameter"/>.</summary>
    public ReadOnlySpan<char> Key { get; private set; }

    /// <summary>The kind of the bare item of an <see cref="SfTokenType.Item"/> or <see cref="SfTokenType.Parameter"/>.</summary>
    public SfItemKind Kind { get; private set; }

    /// <summary>An integer's or boolean's (1, 0) value.</summary>
    public long Integer { get; private set; }

    /// <summary>The text of a token, a decimal, a byte sequence's base64 or a string (as sent, escapes included).</summary>
    public ReadOnlySpan<char> Text { get; private set; }

    /// <summary>Where the current member's value starts in the field (just after its <c>=</c>).</summary>
    public int ValueStart { get; private set; }

    /// <summary>How far the field has been read.</summary>
    public readonly int Position => _at;

    /// <summary>Moves to the next token; false at the end of the field, or when it is malformed (see <see cref="Error"/>).</summary>
    public bool Read()
    {
        while (Error is null)
        {
            switch (_state)
            {
                case State.Member:
                    return Member();
                case State.Value:
                    return Value();
                case State.InnerList:
                    return InnerListItem();
                case State.Parameters:
                    if (Peek() == ';')
                    {
                        return Parameter();
                    }

                    if (_inInnerList && Peek() is not (' ' or ')'))
                    {
                        return Fail(_at < _text.Length ? "items of an inner list must be separated by spaces" : "an inner list is not closed");
                    }

                    _state = _inInnerList ? State.InnerList : State.Member;
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>A string's (unescaped) or token's value; the common ones of message signatures are not allocated again.</summary>
    public readonly string GetString()
    {
        if (!_escaped || Kind != SfItemKind.String)
        {
            return CommonStrings.TryGetValue(Text, out var common) ? common : Text.ToString();
        }

        var unescaped = new StringBuilder(Text.Length);
        for (var i = 0; i < Text.Length; i++)
        {
            unescaped.Append(Text[i] == '\\' ? Text[++i] : Text[i]);
        }

        return unescaped.ToString();
    }

    /// <summary>The key just read, as a string; the common ones are not allocated again.</summary>
    public readonly string GetKey() => CommonStrings.TryGetValue(Key, out var common) ? common : Key.ToString();

    /// <summary>A decimal's value.</summary>
    public readonly decimal GetDecimal() => decimal.Parse(Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    /// <summary>A byte sequence's bytes (its base64 was checked when it was read).</summary>
    public readonly byte[] GetBytes()
    {
        var padding = Text.EndsWith("==") ? 2 : Text.EndsWith("=") ? 1 : 0;
        var bytes = new byte[Text.Length / 4 * 3 - padding];
        Convert.TryFromBase64Chars(Text, bytes, out _);
        return bytes;
    }

    private bool Member()
    {
        if (_members == 0)
        {
            SkipSpaces();
            if (_at == _text.Length)
            {
                return Fail("empty field");
            }
        }
        else
        {
            SkipOptionalWhitespace();
            if (_at == _text.Length)
            {
                _state = State.Done;
                return false;
            }

            if (!Expect(','))
            {
                return false;
            }

            SkipOptionalWhitespace();
            if (_at == _text.Length)
            {
                return Fail("trailing comma");
            }
        }

        if (++_members > MaxMembers)
        {
            return Fail("too many dictionary members");
        }

        if (!ReadKey())
        {
            return false;
        }

        TokenType = SfTokenType.MemberKey;
        _state = State.Value;
        return true;
    }

    private bool Value()
    {
        _inInnerList = false;
        _parameters = 0;
        if (Peek() != '=')
        {
            ValueStart = _at;
            SetBoolean(true);
            return Token(SfTokenType.Item, State.Parameters);
        }

        ValueStart = ++_at;
        if (Peek() == '(')
        {
            _at++;
            _items = 0;
            return Token(SfTokenType.InnerListStart, State.InnerList);
        }

        return BareItem() && Token(SfTokenType.Item, State.Parameters);
    }

    private bool InnerListItem()
    {
        SkipSpaces();
        _parameters = 0;
        if (Peek() == ')')
        {
            _at++;
            _inInnerList = false;
            return Token(SfTokenType.InnerListEnd, State.Parameters);
        }

        if (++_items > MaxItems)
        {
            return Fail("too many items in an inner list");
        }

        _inInnerList = true;
        return BareItem() && Token(SfTokenType.Item, State.Parameters);
    }

    private bool Parameter()
    {
        _at++;
        SkipSpaces();
        if (++_parameters > MaxParameters)
        {
            return Fail("too many parameters");
        }

        if (!ReadKey())
        {
            return false;
        }

        if (Peek() != '=')
        {
            SetBoolean(true);
            TokenType = SfTokenType.Parameter;
            return true;
        }

        _at++;
        return BareItem() && Token(SfTokenType.Parameter, State.Parameters);
    }

    private bool Token(SfTokenType type, State next)
    {
        TokenType = type;
        _state = next;
        return true;
    }

    private bool ReadKey()
    {
        var start = _at;
        var first = Peek();
        if (!(first == '*' || char.IsAsciiLetterLower(first)))
        {
            return Fail(_at < _text.Length ? $"a key must start with a lower-case letter at {_at}" : "a key is missing");
        }

        var length = _text[(_at + 1)..].IndexOfAnyExcept(KeyChars);
        _at = length < 0 ? _text.Length : _at + 1 + length;
        Key = _text[start.._at];
        return true;
    }

    private bool Expect(char c)
    {
        if (Peek() == c)
        {
            _at++;
            return true;
        }

        return Fail(_at < _text.Length ? $"expected '{c}' at {_at}" : $"expected '{c}' at the end");
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

    private bool Fail(string error)
    {
        Error = error;
        TokenType = SfTokenType.None;
        _state = State.Done;
        return false;
    }
}
