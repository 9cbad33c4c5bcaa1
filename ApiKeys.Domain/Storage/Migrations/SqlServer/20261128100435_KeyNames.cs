using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Domain.Storage.Migrations.SqlServer
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
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "AuthenticationKeys",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NormalizedName",
                table: "AuthenticationKeys",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            // Keys made before names existed are named after their account and the start of their token.
            migrationBuilder.Sql("""
                UPDATE k SET
                    k.[Name] = LEFT(a.[DisplayName], 91) + N' ' + LEFT(k.[Token], 8),
                    k.[NormalizedName] = LEFT(a.[NormalizedDisplayName], 91) + N' ' + UPPER(LEFT(k.[Token], 8))
                FROM [AuthenticationKeys] AS k INNER JOIN [Accounts] AS a ON a.[Id] = k.[AccountId]
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
