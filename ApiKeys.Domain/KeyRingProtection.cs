using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;

namespace ApiKeys.Domain;

/// <summary>
/// <c>DataProtection:Certificate:Path</c> and <c>:Password</c>: a PKCS#12 file whose certificate encrypts the Data
/// Protection key ring at rest, so a copy of the database (a backup, say) does not hold keys that decrypt the secrets.
/// <c>DataProtection:Certificate:PreviousPaths</c> (with <c>PreviousPasswords</c>, by position) keeps older rings
/// readable after the certificate is replaced. Without a certificate the ring is stored unencrypted, and ASP.NET Core
/// logs "No XML encryptor configured" once at start.
/// </summary>
public static class KeyRingProtection
{
    public const string Section = "DataProtection:Certificate";

    public static void Apply(IDataProtectionBuilder keyRing, IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section);
        if (string.IsNullOrWhiteSpace(settings["Path"]))
        {
            return;
        }

        var current = Load(settings["Path"]!, settings["Password"], $"{Section}:Path");
        var previous = settings.GetSection("PreviousPaths").Get<string[]>() ?? [];
        var passwords = settings.GetSection("PreviousPasswords").Get<string[]>() ?? [];
        keyRing.ProtectKeysWithCertificate(current);
        keyRing.UnprotectKeysWithAnyCertificate(
            [current, .. previous.Select((path, i) => Load(path, passwords.ElementAtOrDefault(i), $"{Section}:PreviousPaths:{i}"))]);
    }

    private static X509Certificate2 Load(string path, string? password, string setting)
    {
        if (!File.Exists(path))
        {
            throw new SettingException($"{setting} names no file: {path}.");
        }

        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
            return certificate.HasPrivateKey
                ? certificate
                : throw new SettingException($"{setting}: the certificate in {path} has no private key, so the key ring could not be read back.");
        }
        catch (CryptographicException exception)
        {
            throw new SettingException($"{setting}: {path} cannot be opened as a PKCS#12 file with the configured password ({exception.Message}).", exception);
        }
    }
}
