using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SemSrDashboard.Engine.Storage.Migrations
{
    /// <inheritdoc />
    public partial class FidelityMetrics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Metrics",
                table: "runs",
                type: "TEXT",
                nullable: false,
                // Runs stored before this migration computed exactly the three core metrics.
                defaultValue: "psnr,ssim,ssim_skimage");

            migrationBuilder.AddColumn<double>(
                name: "DetailCorr",
                table: "results",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "DetailRatio",
                table: "results",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Gmsd",
                table: "results",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "LrPsnr",
                table: "results",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "MsSsim",
                table: "results",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Note",
                table: "results",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Metrics",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "DetailCorr",
                table: "results");

            migrationBuilder.DropColumn(
                name: "DetailRatio",
                table: "results");

            migrationBuilder.DropColumn(
                name: "Gmsd",
                table: "results");

            migrationBuilder.DropColumn(
                name: "LrPsnr",
                table: "results");

            migrationBuilder.DropColumn(
                name: "MsSsim",
                table: "results");

            migrationBuilder.DropColumn(
                name: "Note",
                table: "results");
        }
    }
}
