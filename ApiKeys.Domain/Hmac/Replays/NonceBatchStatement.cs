using System.Data.Common;
using System.Text;
using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Inserts a batch of used nonces in one statement that skips those the table already holds, and reads back which it
/// inserted; the primary key decides, so two instances inserting one nonce at once cannot both succeed.
/// <list type="bullet">
/// <item>PostgreSQL: <c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING RETURNING</c>, two array parameters.</item>
/// <item>SQLite: <c>INSERT OR IGNORE … VALUES … RETURNING</c>.</item>
/// <item>SQL Server: <c>INSERT … OUTPUT inserted … VALUES</c> into a primary key made with <c>IGNORE_DUP_KEY = ON</c>.</item>
/// </list>
/// </summary>
internal abstract class NonceBatchStatement
{
    public static NonceBatchStatement For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.PostgreSql => new PostgreSql(),
        DatabaseProvider.SqlServer => new Values("INSERT INTO [UsedNonces] ([RememberUntil], [Fingerprint]) OUTPUT INSERTED.[Fingerprint], INSERTED.[RememberUntil] VALUES ", "", ticks: false),
        _ => new Values("INSERT OR IGNORE INTO \"UsedNonces\" (\"RememberUntil\", \"Fingerprint\") VALUES ", " RETURNING \"Fingerprint\", \"RememberUntil\"", ticks: true),
    };

    /// <summary>Inserts the nonces, which are distinct; returns the ones inserted.</summary>
    public async Task<HashSet<(DateTimeOffset, UInt128)>> InsertAsync(ApiKeysDbContext db, IReadOnlyList<DatabaseReplayStore.Pending> nonces)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        Fill(command, nonces);
        var inserted = new HashSet<(DateTimeOffset, UInt128)>(nonces.Count);
        await using var reader = await command.ExecuteReaderAsync();
        var fingerprint = new byte[ReplayFingerprint.Length];
        while (await reader.ReadAsync())
        {
            reader.GetBytes(0, 0, fingerprint, 0, fingerprint.Length);
            inserted.Add((RememberUntil(reader), ReplayFingerprint.FromBytes(fingerprint)));
        }

        return inserted;
    }

    protected abstract void Fill(DbCommand command, IReadOnlyList<DatabaseReplayStore.Pending> nonces);

    protected abstract DateTimeOffset RememberUntil(DbDataReader reader);

    private sealed class PostgreSql : NonceBatchStatement
    {
        protected override void Fill(DbCommand command, IReadOnlyList<DatabaseReplayStore.Pending> nonces)
        {
            command.CommandText = """
                INSERT INTO "UsedNonces" ("RememberUntil", "Fingerprint")
                SELECT * FROM unnest(@until, @fingerprint)
                ON CONFLICT DO NOTHING
                RETURNING "Fingerprint", "RememberUntil"
                """;
            var until = new DateTimeOffset[nonces.Count];
            var fingerprints = new byte[nonces.Count][];
            for (var i = 0; i < nonces.Count; i++)
            {
                until[i] = nonces[i].RememberUntil;
                fingerprints[i] = ReplayFingerprint.ToBytes(nonces[i].Fingerprint);
            }

            command.Parameters.Add(new NpgsqlParameter("until", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = until });
            command.Parameters.Add(new NpgsqlParameter("fingerprint", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = fingerprints });
        }

        protected override DateTimeOffset RememberUntil(DbDataReader reader) => reader.GetFieldValue<DateTimeOffset>(1);
    }

    /// <summary>A multi-row <c>VALUES</c> list; SQLite keeps times as UTC ticks, SQL Server as datetimeoffset.</summary>
    private sealed class Values(string prefix, string suffix, bool ticks) : NonceBatchStatement
    {
        protected override void Fill(DbCommand command, IReadOnlyList<DatabaseReplayStore.Pending> nonces)
        {
            var text = new StringBuilder(prefix.Length + suffix.Length + nonces.Count * 16).Append(prefix);
            for (var i = 0; i < nonces.Count; i++)
            {
                text.Append(i == 0 ? "" : ", ").Append("(@u").Append(i).Append(", @f").Append(i).Append(')');
                Add(command, $"@u{i}", ticks ? nonces[i].RememberUntil.UtcTicks : nonces[i].RememberUntil);
                Add(command, $"@f{i}", ReplayFingerprint.ToBytes(nonces[i].Fingerprint));
            }

            command.CommandText = text.Append(suffix).ToString();
        }

        protected override DateTimeOffset RememberUntil(DbDataReader reader) =>
            ticks ? new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero) : reader.GetFieldValue<DateTimeOffset>(1);

        private static void Add(DbCommand command, string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }
}
