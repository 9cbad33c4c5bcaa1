using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Domain.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class KeyNameTrigrams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AuthenticationKeys_NormalizedName_Trigrams",
                table: "AuthenticationKeys",
                column: "NormalizedName")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuthenticationKeys_NormalizedName_Trigrams",
                table: "AuthenticationKeys");
        }
    }
}
