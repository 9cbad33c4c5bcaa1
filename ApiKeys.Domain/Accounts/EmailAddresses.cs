using System.Net.Mail;

namespace ApiKeys.Domain.Accounts;

/// <summary>What the product accepts as an account's e-mail address: one plain address, such as name@example.com.</summary>
public static class EmailAddresses
{
    public const int MaxLength = 256;

    public static bool IsValid(string email) =>
        email.Length <= MaxLength
        && !email.Any(char.IsControl)
        && MailAddress.TryCreate(email, out var address)
        && address.Address == email
        && address.Host.Contains('.');
}
