using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Domain.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class UnloggedNonces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "UsedNonces")
                .Annotation("Npgsql:UnloggedTable", true);

            // The sentinel row (see NonceBatchStatement): the table has held every nonce so far, as it was logged, so it
            // remembers since the epoch. A crash or a failover takes the row away with the nonces.
            migrationBuilder.Sql("""
                INSERT INTO "UsedNonces" ("RememberUntil", "Fingerprint") VALUES ('infinity', '\x00000000000000000000000000000000') ON CONFLICT DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DELETE FROM "UsedNonces" WHERE "RememberUntil" = 'infinity';""");
            migrationBuilder.AlterTable(
                name: "UsedNonces")
                .OldAnnotation("Npgsql:UnloggedTable", true);
        }
    }
}
