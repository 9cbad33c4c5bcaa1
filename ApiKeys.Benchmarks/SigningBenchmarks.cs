using ApiKeys.Client;
using BenchmarkDotNet.Attributes;

namespace ApiKeys.Benchmarks;

/// <summary>Building what gets signed, for both schemes, and digesting bodies.</summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private static readonly string[] Components = ["@method", "@authority", "@path", "@query"];
    private byte[] _body = [];

    [Params(1024, 65536)]
    public int BodyBytes { get; set; }

    [GlobalSetup]
    public void Setup() => _body = new byte[BodyBytes];

    [Benchmark]
    public string SignatureBase_Rfc9421()
    {
        var parameters = MessageSignature.SignatureParameters(Components, 1795683600, "8ZxQ2mL5vN7pR1tY", "3f2a9c1e7b4d8f60a5e2c9b1d7f3a8e4c6b0d2f1");
        return MessageSignature.SignatureBase(
            [new("@method", "GET"), new("@authority", "keys.example.com"), new("@path", "/api/v1/account"), new("@query", "?")], parameters);
    }

    [Benchmark]
    public string StringToSign_Comindware() =>
        ComindwareSignature.StringToSign("GET", "/api/v1/account", "Thu, 26 Nov 2026 09:00:00 GMT", null, null, "1B2M2Y8AsgTpgAmY7PhCfg==");

    [Benchmark]
    public string ContentDigest() => MessageSignature.ContentDigest(_body);
}
