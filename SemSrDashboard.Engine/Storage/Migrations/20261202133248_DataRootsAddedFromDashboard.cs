using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SemSrDashboard.Engine.Storage.Migrations
{
    /// <inheritdoc />
    public partial class DataRootsAddedFromDashboard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "data_roots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Path = table.Column<string>(type: "TEXT", nullable: false),
                    AddedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_roots", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_data_roots_Path",
                table: "data_roots",
                column: "Path",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_roots");
        }
    }
}
