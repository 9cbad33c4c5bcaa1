using ApiKeys.Domain.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Domain.Accounts;

/// <summary>
/// One Identity operation on a database context of its own: the Identity managers and the context are resolved in a
/// fresh scope and disposed with it, so nothing read by an earlier operation (a circuit lives for hours) is trusted.
/// </summary>
public sealed class IdentityOperation(IServiceScopeFactory scopes)
{
    public async Task<T> RunAsync<TManager, T>(Func<TManager, ApiKeysDbContext, Task<T>> work)
        where TManager : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        return await work(services.GetRequiredService<TManager>(), services.GetRequiredService<ApiKeysDbContext>());
    }
}
