using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Domain.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CredentialChangeLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nonces are now kept as fingerprints; the ones of the last few minutes are forgotten once, at the upgrade.
            migrationBuilder.Sql("DELETE FROM [UsedNonces]");

            migrationBuilder.DropPrimaryKey(
                name: "PK_UsedNonces",
                table: "UsedNonces");

            migrationBuilder.DropIndex(
                name: "IX_UsedNonces_RememberUntil",
                table: "UsedNonces");

            migrationBuilder.DropColumn(
                name: "Token",
                table: "UsedNonces");

            migrationBuilder.DropColumn(
                name: "Nonce",
                table: "UsedNonces");

            migrationBuilder.AddColumn<byte[]>(
                name: "Fingerprint",
                table: "UsedNonces",
                type: "binary(16)",
                fixedLength: true,
                maxLength: 16,
                nullable: false,
                defaultValue: new byte[0]);

            // The primary key itself skips a nonce already there, so one INSERT … OUTPUT tells which nonces of a batch are new.
            migrationBuilder.Sql("ALTER TABLE [UsedNonces] ADD CONSTRAINT [PK_UsedNonces] PRIMARY KEY CLUSTERED ([RememberUntil], [Fingerprint]) WITH (IGNORE_DUP_KEY = ON);");

            migrationBuilder.CreateTable(
                name: "CredentialChanges",
                columns: table => new
                {
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    Scope = table.Column<string>(type: "varchar(16)", unicode: false, maxLength: 16, nullable: false),
                    Subject = table.Column<string>(type: "varchar(450)", unicode: false, maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CredentialChanges", x => new { x.Version, x.Scope, x.Subject });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM [UsedNonces]");

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
                type: "varchar(64)",
                unicode: false,
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Nonce",
                table: "UsedNonces",
                type: "varchar(128)",
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
