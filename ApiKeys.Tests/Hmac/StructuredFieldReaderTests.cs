using ApiKeys.Domain.Hmac;

namespace ApiKeys.Tests.Hmac;

public class StructuredFieldReaderTests
{
    [Fact]
    public void A_signature_input_reads_as_its_tokens()
    {
        const string field = "sig1=(\"@method\" \"@path\");created=1618884473;keyid=\"test-key\", sig2=:AQID:;n";

        Assert.Equal(
            [
                "MemberKey sig1", "InnerListStart", "Item String @method", "Item String @path", "InnerListEnd",
                "Parameter created Integer 1618884473", "Parameter keyid String test-key",
                "MemberKey sig2", "Item ByteSequence AQID", "Parameter n Boolean 1",
            ],
            Tokens(field));
    }

    [Fact]
    public void Every_kind_of_bare_item_is_read()
    {
        Assert.Equal(
            ["MemberKey a", "Item Integer -42", "MemberKey b", "Item Decimal 3.14", "MemberKey c", "Item Token text/plain",
             "MemberKey d", "Item Boolean 0", "MemberKey e", "Item Boolean 1", "MemberKey f", "Item String say \"hi\" \\ bye"],
            Tokens("a=-42, b=3.14, c=text/plain, d=?0, e, f=\"say \\\"hi\\\" \\\\ bye\""));
    }

    [Fact]
    public void A_key_sent_twice_is_passed_on_twice_for_the_reader_to_keep_the_last()
    {
        Assert.Equal(["MemberKey a", "Item Integer 1", "MemberKey a", "Item Integer 2"], Tokens("a=1,a=2"));
    }

    [Fact]
    public void A_value_is_located_in_the_field_as_sent()
    {
        const string field = "sig1=(\"@method\");created=1, sig2=?1";
        var reader = new StructuredFieldReader(field);
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        var start = reader.ValueStart;
        while (reader.Read() && reader.TokenType != SfTokenType.Parameter)
        {
        }

        Assert.Equal("(\"@method\");created=1", field[start..reader.Position]);
    }

    [Fact]
    public void Bytes_decode_from_base64()
    {
        var reader = new StructuredFieldReader("d=:aGVsbG8=:");
        reader.Read();
        reader.Read();

        Assert.Equal("hello"u8.ToArray(), reader.GetBytes());
    }

    [Theory]
    [InlineData("", "empty field")]
    [InlineData("   ", "empty field")]
    [InlineData("a=1,", "trailing comma")]
    [InlineData("a=1 b=2", "expected ','")]
    [InlineData("A=1", "a key must start with a lower-case letter")]
    [InlineData("a=", "value missing at the end")]
    [InlineData("a=\"open", "unterminated string")]
    [InlineData("a=\"bad \\n escape\"", "bad escape in a string")]
    [InlineData("a=\"caf\u00e9\"", "printable ASCII")]
    [InlineData("a=1234567890123456", "integer too long")]
    [InlineData("a=1.2345", "malformed decimal")]
    [InlineData("a=-", "a number needs digits")]
    [InlineData("a=(1 2)(3)", "expected ','")]
    [InlineData("a=(1\"x\")", "separated by spaces")]
    [InlineData("a=(1 2", "an inner list is not closed")]
    [InlineData("a=?2", "a boolean is ?0 or ?1")]
    [InlineData("a=:AB=C:", "not valid base64")]
    [InlineData("a=:ABC:", "not valid base64")]
    [InlineData("a=:AB C:", "only base64")]
    [InlineData("a=:QUJD", "expected ':'")]
    [InlineData("a=1;B=2", "a key must start with a lower-case letter")]
    public void A_malformed_field_stops_the_reader_with_a_reason(string field, string reason)
    {
        var reader = new StructuredFieldReader(field);
        while (reader.Read())
        {
        }

        Assert.Contains(reason, reader.Error);
        Assert.False(reader.Read());
    }

    [Fact]
    public void Limits_keep_a_hostile_field_small()
    {
        Assert.Contains("too many dictionary members", Error(string.Join(", ", Enumerable.Range(0, 17).Select(i => $"k{i}=1"))));
        Assert.Contains("too many items", Error($"a=({string.Join(' ', Enumerable.Repeat("1", 33))})"));
        Assert.Contains("too many parameters", Error("a=1" + string.Concat(Enumerable.Range(0, 17).Select(i => $";p{i}"))));
        Assert.Null(Error(string.Join(", ", Enumerable.Range(0, 16).Select(i => $"k{i}=1"))));
    }

    [Fact]
    public void Base64_is_accepted_exactly_when_it_decodes()
    {
        var random = new Random(20261126);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
        for (var i = 0; i < 5_000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 13)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var decodes = text.Length % 4 == 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _);

            Assert.True(decodes == (Error($"a=:{text}:") is null), $"\"{text}\"");
        }
    }

    private static string? Error(string field)
    {
        var reader = new StructuredFieldReader(field);
        while (reader.Read())
        {
        }

        return reader.Error;
    }

    private static List<string> Tokens(string field)
    {
        var tokens = new List<string>();
        var reader = new StructuredFieldReader(field);
        while (reader.Read())
        {
            tokens.Add(reader.TokenType switch
            {
                SfTokenType.MemberKey => $"MemberKey {reader.GetKey()}",
                SfTokenType.Item => $"Item {reader.Kind} {Value(ref reader)}",
                SfTokenType.Parameter => $"Parameter {reader.GetKey()} {reader.Kind} {Value(ref reader)}",
                _ => reader.TokenType.ToString(),
            });
        }

        Assert.Null(reader.Error);
        return tokens;
    }

    private static string Value(ref StructuredFieldReader reader) => reader.Kind switch
    {
        SfItemKind.Integer or SfItemKind.Boolean => reader.Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        SfItemKind.Decimal => reader.GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture),
        SfItemKind.ByteSequence => reader.Text.ToString(),
        _ => reader.GetString(),
    };
}
