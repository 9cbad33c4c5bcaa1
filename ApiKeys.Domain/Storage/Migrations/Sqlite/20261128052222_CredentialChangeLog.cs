using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Domain.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CredentialChangeLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nonces are now kept as fingerprints; the ones of the last few minutes are forgotten once, at the upgrade.
            // The table is made anew rather than altered: SQLite alters a key by rebuilding the table outside a transaction.
            migrationBuilder.DropTable(name: "UsedNonces");

            migrationBuilder.CreateTable(
                name: "UsedNonces",
                columns: table => new
                {
                    RememberUntil = table.Column<long>(type: "INTEGER", nullable: false),
                    Fingerprint = table.Column<byte[]>(type: "BLOB", fixedLength: true, maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsedNonces", x => new { x.RememberUntil, x.Fingerprint });
                });

            migrationBuilder.CreateTable(
                name: "CredentialChanges",
                columns: table => new
                {
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    Scope = table.Column<string>(type: "TEXT", unicode: false, maxLength: 16, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", unicode: false, maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CredentialChanges", x => new { x.Version, x.Scope, x.Subject });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM \"UsedNonces\"");

            migrationBuilder.DropTable(
                name: "CredentialChanges");

            migrationBuilder.DropPrimaryKey(
                name: "PK_UsedNonces",
                table: "UsedNonces");

            migrationBuilder.DropColumn(
                name: "Fingerprint",
                table: "UsedNonces");

            migrationBuilder.AddColumn<string>(
                name: "Token",
                table: "UsedNonces",
                type: "TEXT",
                unicode: false,
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Nonce",
                table: "UsedNonces",
                type: "TEXT",
                unicode: false,
                maxLength: 128,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddPrimaryKey(
                name: "PK_UsedNonces",
                table: "UsedNonces",
                columns: new[] { "Token", "Nonce" });

            migrationBuilder.CreateIndex(
                name: "IX_UsedNonces_RememberUntil",
                table: "UsedNonces",
                column: "RememberUntil");
        }
    }
}
