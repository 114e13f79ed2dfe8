using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SemSrDashboard.Engine.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ImageSelection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SelectionImages",
                table: "runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ShardCount",
                table: "runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ShardIndex",
                table: "runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Subset",
                table: "runs",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SelectionImages",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "ShardCount",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "ShardIndex",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "Subset",
                table: "runs");
        }
    }
}
