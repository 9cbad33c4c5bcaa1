using System.Data.Common;
using System.Net.Sockets;

namespace ApiKeys.Domain.Storage;

/// <summary>Tells an unreachable or failing database (or Redis) apart from a bug, so callers can answer 503 or "try again".</summary>
public static class DatabaseUnavailable
{
    public static bool IsCause(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException or SocketException or TimeoutException or StoreUnavailableException or DatabaseFileGoneException)
            {
                return true;
            }
        }

        return false;
    }
}
