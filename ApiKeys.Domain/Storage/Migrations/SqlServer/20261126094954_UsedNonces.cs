using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Domain.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class UsedNonces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UsedNonces",
                columns: table => new
                {
                    Token = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Nonce = table.Column<string>(type: "varchar(128)", unicode: false, maxLength: 128, nullable: false),
                    RememberUntil = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsedNonces", x => new { x.Token, x.Nonce });
                });

            migrationBuilder.CreateIndex(
                name: "IX_UsedNonces_RememberUntil",
                table: "UsedNonces",
                column: "RememberUntil");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UsedNonces");
        }
    }
}
