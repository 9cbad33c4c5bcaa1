using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Domain.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class KeyNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "AuthenticationKeys",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "AuthenticationKeys",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NormalizedName",
                table: "AuthenticationKeys",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            // Keys made before names existed are named after their account and the start of their token.
            migrationBuilder.Sql("""
                UPDATE "AuthenticationKeys" AS k SET
                    "Name" = left(a."DisplayName", 91) || ' ' || left(k."Token", 8),
                    "NormalizedName" = left(a."NormalizedDisplayName", 91) || ' ' || upper(left(k."Token", 8))
                FROM "Accounts" AS a WHERE a."Id" = k."AccountId"
                """);

            migrationBuilder.CreateIndex(
                name: "IX_AuthenticationKeys_NormalizedName",
                table: "AuthenticationKeys",
                column: "NormalizedName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuthenticationKeys_NormalizedName",
                table: "AuthenticationKeys");

            migrationBuilder.DropColumn(
                name: "Description",
                table: "AuthenticationKeys");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "AuthenticationKeys");

            migrationBuilder.DropColumn(
                name: "NormalizedName",
                table: "AuthenticationKeys");
        }
    }
}
