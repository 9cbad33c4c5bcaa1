using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApiKeys.Domain.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KeyLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RefusedAddress",
                table: "KeyUsage",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RefusedQuota",
                table: "KeyUsage",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RefusedRate",
                table: "KeyUsage",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RefusedReplay",
                table: "KeyUsage",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RefusedScope",
                table: "KeyUsage",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RefusedSignature",
                table: "KeyUsage",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "AllowFrom",
                table: "AuthenticationKeys",
                type: "TEXT",
                unicode: false,
                maxLength: 4400,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "QuotaCalls",
                table: "AuthenticationKeys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "QuotaPeriod",
                table: "AuthenticationKeys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "QuotaRefill",
                table: "AuthenticationKeys",
                type: "TEXT",
                unicode: false,
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "QuotaRemaining",
                table: "AuthenticationKeys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RateLimit",
                table: "AuthenticationKeys",
                type: "TEXT",
                unicode: false,
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RefusedAddress",
                table: "KeyUsage");

            migrationBuilder.DropColumn(
                name: "RefusedQuota",
                table: "KeyUsage");

            migrationBuilder.DropColumn(
                name: "RefusedRate",
                table: "KeyUsage");

            migrationBuilder.DropColumn(
                name: "RefusedReplay",
                table: "KeyUsage");

            migrationBuilder.DropColumn(
                name: "RefusedScope",
                table: "KeyUsage");

            migrationBuilder.DropColumn(
                name: "RefusedSignature",
                table: "KeyUsage");

            migrationBuilder.DropColumn(
                name: "AllowFrom",
                table: "AuthenticationKeys");

            migrationBuilder.DropColumn(
                name: "QuotaCalls",
                table: "AuthenticationKeys");

            migrationBuilder.DropColumn(
                name: "QuotaPeriod",
                table: "AuthenticationKeys");

            migrationBuilder.DropColumn(
                name: "QuotaRefill",
                table: "AuthenticationKeys");

            migrationBuilder.DropColumn(
                name: "QuotaRemaining",
                table: "AuthenticationKeys");

            migrationBuilder.DropColumn(
                name: "RateLimit",
                table: "AuthenticationKeys");
        }
    }
}
