using ApiKeys.Domain.Hmac;

namespace ApiKeys.Tests.Hmac;

public class ParsedSignatureTests
{
    private const string Components = "(\"@method\" \"@authority\" \"@path\" \"@query\")";
    private const string Parameters = ";created=1764158400;nonce=\"n0nce-0123456789abcdef\";keyid=\"tok_abc\";alg=\"hmac-sha256\"";
    private const string Value = ":AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=:";

    [Fact]
    public void The_first_label_is_read_with_its_components_parameters_and_bytes()
    {
        var parsed = Parse($"sig1={Components}{Parameters}, other=(\"@method\");created=1", $"other=:AAAA:, sig1={Value}", out var error);

        Assert.Null(error);
        Assert.Equal(["@method", "@authority", "@path", "@query"], parsed!.Components);
        Assert.Equal(Components + Parameters, parsed.Parameters.ToString());
        Assert.Equal(1764158400, parsed.Created);
        Assert.Null(parsed.Expires);
        Assert.Equal("n0nce-0123456789abcdef", parsed.Nonce);
        Assert.Equal("tok_abc", parsed.KeyId);
        Assert.Equal(Enumerable.Range(0, 32).Select(i => (byte)i), parsed.Value);
    }

    [Fact]
    public void A_label_sent_again_replaces_what_it_said_before()
    {
        var parsed = Parse($"sig1=(\"@method\");created=1, sig1={Components}{Parameters};expires=1764158700", $"sig1=:AAAA:, sig1={Value}", out var error);

        Assert.Null(error);
        Assert.Equal(4, parsed!.Components.Length);
        Assert.Equal(1764158700, parsed.Expires);
        Assert.Equal(32, parsed.Value.Length);
    }

    [Theory]
    [InlineData("sig1=(\"@method\"", "Signature-Input is malformed: an inner list is not closed.")]
    [InlineData("sig1=\"@method\"" + Parameters, "Signature-Input sig1 must be an inner list")]
    [InlineData("sig1=(\"@method\";x \"@authority\" \"@path\" \"@query\")" + Parameters, "must be plain strings")]
    [InlineData("sig1=(method \"@authority\" \"@path\" \"@query\")" + Parameters, "must be plain strings")]
    [InlineData("sig1=(\"@method\" \"@authority\" \"@path\" \"@query\" \"@status\")" + Parameters, "\"@status\" is not supported")]
    [InlineData("sig1=(\"@method\" \"@authority\" \"@path\" \"@query\" \"Host\")" + Parameters, "\"Host\" is not supported")]
    [InlineData("sig1=(\"@method\" \"@method\" \"@authority\" \"@path\" \"@query\")" + Parameters, "\"@method\" is covered twice")]
    [InlineData("sig1=(\"@method\" \"@authority\" \"@path\")" + Parameters, "must cover \"@query\"")]
    [InlineData("sig1=" + Components + ";nonce=\"n0nce-0123456789abcdef\";keyid=\"k\";alg=\"hmac-sha256\"", "needs created=")]
    [InlineData("sig1=" + Components + Parameters + ";created=\"now\"", "needs created=")]
    [InlineData("sig1=" + Components + Parameters + ";expires=-1", "expires must be unix seconds")]
    [InlineData("sig1=" + Components + Parameters + ";nonce=\"short\"", "needs nonce=")]
    [InlineData("sig1=" + Components + Parameters + ";nonce=n0nce-0123456789abcdef", "needs nonce=")]
    [InlineData("sig1=" + Components + Parameters + ";keyid=\"\"", "needs keyid=")]
    [InlineData("sig1=" + Components + Parameters + ";alg=\"hmac-sha512\"", "needs alg=\"hmac-sha256\"")]
    [InlineData("sig1=" + Components + ";created=1;nonce=\"n0nce-0123456789abcdef\";keyid=\"k\"", "needs alg=\"hmac-sha256\"")]
    [InlineData("sig1=" + Components + Parameters + ";tag=1", "tag must be a string")]
    [InlineData("sig1=" + Components + Parameters + ";foo=1", "parameter foo is not supported")]
    public void A_bad_signature_input_says_what_is_wrong(string input, string reason)
    {
        Assert.Null(Parse(input, $"sig1={Value}", out var error));
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("sig1=:AAA", "Signature is malformed: expected ':' at the end.")]
    [InlineData("sig2=" + Value, "Signature must carry a byte sequence labelled sig1")]
    [InlineData("sig1=(" + Value + ")", "Signature must carry a byte sequence labelled sig1")]
    [InlineData("sig1=\"text\"", "Signature must carry a byte sequence labelled sig1")]
    [InlineData("sig1=" + Value + ", sig1=?1", "Signature must carry a byte sequence labelled sig1")]
    public void A_bad_signature_says_what_is_wrong(string signature, string reason)
    {
        Assert.Null(Parse($"sig1={Components}{Parameters}", signature, out var error));
        Assert.Contains(reason, error);
    }

    private static ParsedSignature? Parse(string input, string signature, out string? error) =>
        ParsedSignature.Parse(input, signature, out error);
}
