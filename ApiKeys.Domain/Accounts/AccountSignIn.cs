using Microsoft.AspNetCore.Identity;

namespace ApiKeys.Domain.Accounts;

/// <summary>Only active accounts may sign in.</summary>
public sealed class ActiveAccountConfirmation : IUserConfirmation<Account>
{
    public Task<bool> IsConfirmedAsync(UserManager<Account> manager, Account user) => Task.FromResult(user.IsActive);
}
