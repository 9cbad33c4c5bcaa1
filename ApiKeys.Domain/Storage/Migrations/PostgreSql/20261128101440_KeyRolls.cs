using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Domain.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class KeyRolls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "RolledFromId",
                table: "AuthenticationKeys",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RolledToId",
                table: "AuthenticationKeys",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RolledFromId",
                table: "AuthenticationKeys");

            migrationBuilder.DropColumn(
                name: "RolledToId",
                table: "AuthenticationKeys");
        }
    }
}
