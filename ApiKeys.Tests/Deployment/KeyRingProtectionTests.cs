using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ApiKeys.Domain.Accounts;
using ApiKeys.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Tests.Deployment;

/// <summary>The Data Protection key ring encrypted at rest with a certificate from settings.</summary>
public sealed class KeyRingProtectionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "apikeys-tests", Guid.NewGuid().ToString("n"));

    public KeyRingProtectionTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task With_a_certificate_the_key_ring_in_the_database_is_encrypted_and_keys_verify_after_a_restart()
    {
        var settings = new Dictionary<string, string?>
        {
            ["DataProtection:Certificate:Path"] = Certificate("ring.pfx", "Ring-password-1"),
            ["DataProtection:Certificate:Password"] = "Ring-password-1",
        };
        Domain.Keys.CreatedKey key;
        await using (var first = new ApiKeysApp(settings, _folder))
        {
            await first.CreateAccountAsync("ring.bot", "Ring bot", SystemRole.Administrators);
            key = await first.CreateKeyAsync("ring.bot");
            await using var db = await first.OpenDatabaseAsync();
            var ring = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();

            Assert.NotEmpty(ring);
            Assert.All(ring, xml => Assert.Contains("encryptedSecret", xml));
            Assert.All(ring, xml => Assert.DoesNotContain("<masterKey", xml));
        }

        await using var restarted = new ApiKeysApp(settings, _folder);
        using var client = restarted.SignedClient(key);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account")).StatusCode);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string Certificate(string name, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ApiKeys key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
