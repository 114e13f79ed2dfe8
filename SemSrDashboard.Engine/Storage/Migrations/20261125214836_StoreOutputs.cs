using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SemSrDashboard.Engine.Storage.Migrations
{
    /// <inheritdoc />
    public partial class StoreOutputs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StoreOutputs",
                table: "runs",
                type: "TEXT",
                nullable: false,
                defaultValue: "all");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "StoreOutputs",
                table: "runs");
        }
    }
}
