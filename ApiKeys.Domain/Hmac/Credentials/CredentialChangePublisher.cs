using System.Data.Common;
using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// When a transaction that logged credential changes commits, hands them to the <see cref="CredentialChangeFeed"/>:
/// this instance's cache forgets them at once and the other instances are told. Nothing is told before the commit,
/// so no instance can reload the old state after hearing of the change.
/// </summary>
internal sealed class CredentialChangePublisher(IServiceProvider services) : DbTransactionInterceptor
{
    // Resolved when first needed: the feed's cache reads through the very contexts this interceptor is part of.
    private CredentialChangeFeed Feed => field ??= services.GetRequiredService<CredentialChangeFeed>();

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is ApiKeysDbContext db && db.TakeCommittedCredentialChanges() is { Count: > 0 } changes)
        {
            Feed.Publish(changes);
        }
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as ApiKeysDbContext)?.ForgetUncommittedCredentialChanges();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }
}
