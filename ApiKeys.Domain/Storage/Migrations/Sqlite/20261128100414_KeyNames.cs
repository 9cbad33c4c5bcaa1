using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Domain.Storage.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "AuthenticationKeys",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NormalizedName",
                table: "AuthenticationKeys",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            // Keys made before names existed are named after their account and the start of their token.
            migrationBuilder.Sql("""
                UPDATE "AuthenticationKeys" SET
                    "Name" = substr((SELECT "DisplayName" FROM "Accounts" WHERE "Accounts"."Id" = "AuthenticationKeys"."AccountId"), 1, 91) || ' ' || substr("Token", 1, 8),
                    "NormalizedName" = substr((SELECT "NormalizedDisplayName" FROM "Accounts" WHERE "Accounts"."Id" = "AuthenticationKeys"."AccountId"), 1, 91) || ' ' || upper(substr("Token", 1, 8))
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
