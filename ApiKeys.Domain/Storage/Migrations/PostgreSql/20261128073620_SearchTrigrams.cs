using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Domain.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SearchTrigrams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "IX_AuthenticationKeys_Token_Trigrams",
                table: "AuthenticationKeys",
                column: "Token")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_NormalizedDisplayName_Trigrams",
                table: "Accounts",
                column: "NormalizedDisplayName")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_NormalizedUserName_Trigrams",
                table: "Accounts",
                column: "NormalizedUserName")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuthenticationKeys_Token_Trigrams",
                table: "AuthenticationKeys");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_NormalizedDisplayName_Trigrams",
                table: "Accounts");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_NormalizedUserName_Trigrams",
                table: "Accounts");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
