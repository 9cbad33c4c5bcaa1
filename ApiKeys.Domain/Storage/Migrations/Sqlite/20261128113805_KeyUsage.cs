using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Domain.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KeyUsage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LastClientAddress",
                table: "AuthenticationKeys",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastUserAgent",
                table: "AuthenticationKeys",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "KeyUsage",
                columns: table => new
                {
                    KeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Hour = table.Column<long>(type: "INTEGER", nullable: false),
                    Accepted = table.Column<long>(type: "INTEGER", nullable: false),
                    Refused = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyUsage", x => new { x.KeyId, x.Hour });
                    table.ForeignKey(
                        name: "FK_KeyUsage_AuthenticationKeys_KeyId",
                        column: x => x.KeyId,
                        principalTable: "AuthenticationKeys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KeyUsage_Hour",
                table: "KeyUsage",
                column: "Hour");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KeyUsage");

            migrationBuilder.DropColumn(
                name: "LastClientAddress",
                table: "AuthenticationKeys");

            migrationBuilder.DropColumn(
                name: "LastUserAgent",
                table: "AuthenticationKeys");
        }
    }
}
