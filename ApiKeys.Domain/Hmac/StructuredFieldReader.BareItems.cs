namespace ApiKeys.Domain.Hmac;

/// <summary>The bare items of RFC 8941 §4.2.3: integers, decimals, strings, tokens, byte sequences and booleans.</summary>
public ref partial struct StructuredFieldReader
{
    private bool BareItem()
    {
        _escaped = false;
        var c = Peek();
        return c switch
        {
            '-' or (>= '0' and <= '9') => Number(),
            '"' => QuotedString(),
            ':' => ByteSequence(),
            '?' => BooleanItem(),
            '*' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') => TokenItem(),
            _ => Fail(_at < _text.Length ? $"unexpected '{c}' at {_at}" : "value missing at the end"),
        };
    }

    private bool Number()
    {
        var start = _at;
        var negative = Peek() == '-';
        _at += negative ? 1 : 0;
        var digits = _at;
        while (char.IsAsciiDigit(Peek()))
        {
            _at++;
        }

        if (_at == digits)
        {
            return Fail("a number needs digits");
        }

        if (Peek() != '.')
        {
            if (_at - digits > 15)
            {
                return Fail("integer too long");
            }

            var integer = 0L;
            foreach (var digit in _text[digits.._at])
            {
                integer = integer * 10 + (digit - '0');
            }

            Kind = SfItemKind.Integer;
            Integer = negative ? -integer : integer;
            return true;
        }

        var integerDigits = _at - digits;
        var fraction = ++_at;
        while (char.IsAsciiDigit(Peek()))
        {
            _at++;
        }

        if (integerDigits > 12 || _at - fraction is 0 or > 3)
        {
            return Fail("malformed decimal");
        }

        Kind = SfItemKind.Decimal;
        Text = _text[start.._at];
        return true;
    }

    private bool QuotedString()
    {
        var start = ++_at;
        while (_at < _text.Length)
        {
            var c = _text[_at++];
            if (c == '"')
            {
                Kind = SfItemKind.String;
                Text = _text[start..(_at - 1)];
                return true;
            }

            if (c == '\\')
            {
                if (Peek() is not ('"' or '\\'))
                {
                    return Fail("bad escape in a string");
                }

                _escaped = true;
                _at++;
            }
            else if (c is < ' ' or > '~')
            {
                return Fail("a string may hold only printable ASCII");
            }
        }

        return Fail("unterminated string");
    }

    private bool TokenItem()
    {
        var start = _at++;
        var length = _text[_at..].IndexOfAnyExcept(TokenChars);
        _at = length < 0 ? _text.Length : _at + length;
        Kind = SfItemKind.Token;
        Text = _text[start.._at];
        return true;
    }

    private bool ByteSequence()
    {
        var start = ++_at;
        var end = _text[start..].IndexOf(':');
        var encoded = end < 0 ? _text[start..] : _text.Slice(start, end);
        if (encoded.ContainsAnyExcept(Base64Chars))
        {
            return Fail("a byte sequence may hold only base64");
        }

        _at += encoded.Length;
        if (!Expect(':'))
        {
            return false;
        }

        if (!IsBase64(encoded))
        {
            return Fail("a byte sequence is not valid base64");
        }

        Kind = SfItemKind.ByteSequence;
        Text = encoded;
        return true;
    }

    /// <summary>
    /// Whether <see cref="Convert"/> decodes it (the alphabet is checked already), told from its shape alone so the bytes
    /// are decoded once, when asked for: whole quanta, and padding only at the end, at most two. Like
    /// <see cref="Convert"/>, this tolerates non-zero pad bits, as RFC 8941 §4.2.7 asks.
    /// </summary>
    private static bool IsBase64(ReadOnlySpan<char> encoded)
    {
        var padding = encoded.IndexOf('=');
        return encoded.Length % 4 == 0 && (padding < 0 || (encoded.Length - padding <= 2 && !encoded[padding..].ContainsAnyExcept('=')));
    }

    private bool BooleanItem()
    {
        _at++;
        var c = Peek();
        _at++;
        if (c is not ('0' or '1'))
        {
            return Fail("a boolean is ?0 or ?1");
        }

        SetBoolean(c == '1');
        return true;
    }

    private void SetBoolean(bool value)
    {
        Kind = SfItemKind.Boolean;
        Integer = value ? 1 : 0;
    }
}
