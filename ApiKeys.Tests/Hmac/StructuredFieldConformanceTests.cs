using System.Globalization;
using System.Text.Json;
using ApiKeys.Domain.Hmac;
using Xunit.Abstractions;

namespace ApiKeys.Tests.Hmac;

/// <summary>
/// <see cref="StructuredFieldReader"/> against the httpwg structured-field-tests corpus (BSD licence, copied with its
/// LICENSE.md and SOURCE into Hmac/structured-field-tests). The reader reads dictionaries, the shape of
/// Signature-Input, Signature and Content-Digest; item cases are read as the value of a one-member dictionary. Lists,
/// dates and display strings are outside what it accepts: their valid cases are counted as not applicable, and every
/// case that must fail must fail. Refusals by the reader's own limits (an empty field, more than 16 members, 32 items
/// or 16 parameters) are counted apart. Each file reports its counts.
/// </summary>
public sealed class StructuredFieldConformanceTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Hmac", "structured-field-tests");

    public static TheoryData<string> Files => [.. Directory.GetFiles(Folder, "*.json").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_case_of_a_type_the_reader_accepts_reads_as_the_corpus_says(string file)
    {
        var counts = new SortedDictionary<string, int>();
        var wrong = new List<string>();
        foreach (var test in JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file))).RootElement.EnumerateArray())
        {
            var outcome = Check(test);
            counts[outcome.Kind] = counts.GetValueOrDefault(outcome.Kind) + 1;
            if (outcome.Kind == "wrong")
            {
                wrong.Add($"{test.GetProperty("name").GetString()}: {outcome.Why}");
            }
        }

        output.WriteLine($"{file}: {string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"))}");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static (string Kind, string? Why) Check(JsonElement test)
    {
        var type = test.GetProperty("header_type").GetString();
        var mustFail = test.TryGetProperty("must_fail", out var f) && f.GetBoolean();
        var canFail = test.TryGetProperty("can_fail", out var c) && c.GetBoolean();
        var field = string.Join(", ", test.GetProperty("raw").EnumerateArray().Select(r => r.GetString()));
        if (type == "list" || (!mustFail && (Mentions(test.GetProperty("expected"), "date") || Mentions(test.GetProperty("expected"), "displaystring"))))
        {
            return ("not applicable (lists, dates, display strings)", null);
        }

        var (read, error) = Read(type == "item" ? $"a={field.TrimStart(' ')}" : field, oneMember: type == "item");
        if (mustFail)
        {
            return error is not null ? ("failed as it must", null)
                : type == "item" && TabAtAnEnd(field) ? ("not applicable (an item field's own rule on tabs at its ends)", null) // a dictionary allows OWS after a member
                : ("wrong", "read, but it must fail");
        }

        if (error is not null)
        {
            return canFail ? ("failed, as it may", null)
                : error is "empty field" || error.StartsWith("too many", StringComparison.Ordinal) ? ("refused by the reader's limits", null)
                : ("wrong", $"refused: {error}");
        }

        var expected = type == "item" ? JsonSerializer.SerializeToElement(new object[] { new object[] { "a", test.GetProperty("expected") } }) : test.GetProperty("expected");
        return Same(expected, read!) ? ("read as expected", null) : ("wrong", $"read {JsonSerializer.Serialize(read)}, expected {expected}");
    }

    /// <summary>The field as the corpus's JSON shape: a dictionary's later member replaces an earlier one in its place.</summary>
    private static (List<object[]>? Members, string? Error) Read(string field, bool oneMember)
    {
        var reader = new StructuredFieldReader(field);
        var members = new List<object[]>();
        List<object>? innerList = null;
        List<object[]>? parameters = null;
        var (current, memberKeys) = (-1, 0);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case SfTokenType.MemberKey:
                    var key = reader.GetKey();
                    memberKeys++;
                    current = members.FindIndex(m => (string)m[0] == key);
                    if (current < 0)
                    {
                        current = members.Count;
                        members.Add([key, null!]);
                    }

                    break;
                case SfTokenType.InnerListStart:
                    innerList = [];
                    parameters = [];
                    members[current][1] = new object[] { innerList, parameters };
                    break;
                case SfTokenType.InnerListEnd:
                    parameters = (List<object[]>)((object[])members[current][1])[1];
                    innerList = null;
                    break;
                case SfTokenType.Item:
                    parameters = [];
                    var item = new object[] { BareItem(ref reader), parameters };
                    if (innerList is not null)
                    {
                        innerList.Add(item);
                    }
                    else
                    {
                        members[current][1] = item;
                    }

                    break;
                case SfTokenType.Parameter:
                    var name = reader.GetKey();
                    var value = BareItem(ref reader);
                    if (parameters!.FindIndex(p => (string)p[0] == name) is var at && at >= 0)
                    {
                        parameters[at][1] = value;
                    }
                    else
                    {
                        parameters.Add([name, value]);
                    }

                    break;
            }
        }

        return reader.Error is not null ? (null, reader.Error)
            : oneMember && memberKeys != 1 ? (null, "not a single item")
            : (members, null);
    }

    private static object BareItem(ref StructuredFieldReader reader) => reader.Kind switch
    {
        SfItemKind.Integer => reader.Integer,
        SfItemKind.Decimal => reader.GetDecimal(),
        SfItemKind.Boolean => reader.Integer == 1,
        SfItemKind.Token => new Dictionary<string, object> { ["__type"] = "token", ["value"] = reader.GetString() },
        SfItemKind.ByteSequence => new Dictionary<string, object> { ["__type"] = "binary", ["value"] = Base32(reader.GetBytes()) },
        _ => reader.GetString(),
    };

    private static bool Same(JsonElement expected, object actual) => (expected.ValueKind, actual) switch
    {
        (JsonValueKind.Number, long n) => expected.TryGetInt64(out var e) && e == n,
        (JsonValueKind.Number, decimal d) => decimal.Parse(expected.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture) == d,
        (JsonValueKind.String, string s) => expected.GetString() == s,
        (JsonValueKind.True, bool b) => b,
        (JsonValueKind.False, bool b) => !b,
        (JsonValueKind.Object, Dictionary<string, object> typed) =>
            expected.GetProperty("__type").GetString() == (string)typed["__type"] && expected.GetProperty("value").GetString() == (string)typed["value"],
        (JsonValueKind.Array, System.Collections.IList list) =>
            expected.GetArrayLength() == list.Count && expected.EnumerateArray().Select((e, i) => Same(e, list[i]!)).All(same => same),
        _ => false,
    };

    private static bool TabAtAnEnd(string field) => field.Trim(' ') is var trimmed && (trimmed.StartsWith('\t') || trimmed.EndsWith('\t'));

    private static bool Mentions(JsonElement expected, string type) => expected.ValueKind switch
    {
        JsonValueKind.Object => expected.TryGetProperty("__type", out var t) && t.GetString() == type,
        JsonValueKind.Array => expected.EnumerateArray().Any(e => Mentions(e, type)),
        _ => false,
    };

    /// <summary>RFC 4648 base32 with padding, as the corpus writes binary values.</summary>
    private static string Base32(byte[] bytes)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < bytes.Length; i += 5)
        {
            var chunk = bytes.AsSpan(i, Math.Min(5, bytes.Length - i));
            ulong bits = 0;
            for (var j = 0; j < 5; j++)
            {
                bits = (bits << 8) | (j < chunk.Length ? chunk[j] : 0u);
            }

            var characters = (chunk.Length * 8 + 4) / 5;
            for (var j = 0; j < 8; j++)
            {
                text.Append(j < characters ? alphabet[(int)((bits >> (35 - j * 5)) & 31)] : '=');
            }
        }

        return text.ToString();
    }
}
