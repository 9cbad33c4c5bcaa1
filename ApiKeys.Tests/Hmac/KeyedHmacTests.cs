using System.Security.Cryptography;
using ApiKeys.Domain.Hmac;

namespace ApiKeys.Tests.Hmac;

public class KeyedHmacTests
{
    [Theory]
    [InlineData("SHA256")]
    [InlineData("SHA512")]
    public async Task Concurrent_calls_each_get_the_HMAC_of_their_own_data(string algorithm)
    {
        var key = RandomNumberGenerator.GetBytes(64);
        var hmac = new KeyedHmac(new HashAlgorithmName(algorithm), key);
        Func<byte[], byte[]> expected = algorithm == "SHA256" ? data => HMACSHA256.HashData(key, data) : data => HMACSHA512.HashData(key, data);
        var messages = Enumerable.Range(0, 64).Select(i => RandomNumberGenerator.GetBytes(i * 7)).ToArray();

        // More threads than idle slots, so instances are also made and disposed when all are busy.
        var mismatches = await Task.WhenAll(Enumerable.Range(0, 32).Select(worker => Task.Run(() =>
        {
            var wrong = 0;
            Span<byte> mac = stackalloc byte[algorithm == "SHA256" ? 32 : 64];
            for (var i = 0; i < 2_000; i++)
            {
                var message = messages[(worker + i) % messages.Length];
                hmac.Compute(message, mac);
                wrong += mac.SequenceEqual(expected(message)) ? 0 : 1;
            }

            return wrong;
        })));

        Assert.All(mismatches, wrong => Assert.Equal(0, wrong));
    }
}
