using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Domain.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class GatewayScopes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Scopes",
                table: "AuthenticationKeys",
                type: "character varying(3250)",
                unicode: false,
                maxLength: 3250,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RouteUsage",
                columns: table => new
                {
                    Route = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Hour = table.Column<long>(type: "bigint", nullable: false),
                    Accepted = table.Column<long>(type: "bigint", nullable: false),
                    Refused = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RouteUsage", x => new { x.Route, x.Hour });
                });

            migrationBuilder.CreateIndex(
                name: "IX_RouteUsage_Hour",
                table: "RouteUsage",
                column: "Hour");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RouteUsage");

            migrationBuilder.DropColumn(
                name: "Scopes",
                table: "AuthenticationKeys");
        }
    }
}
