using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SemSrDashboard.Engine.Storage.Migrations
{
    /// <summary>Metric values SQLite's REAL cannot hold (NaN, −0) are named in a column of their own (see
    /// <c>SqliteExactValues</c>). Before, NaN was stored as −∞ (a value no metric takes), so those become NaN again.</summary>
    public partial class ExactSqliteValues : Migration
    {
        private static readonly string[] Metrics = ["Psnr", "Ssim", "SsimSkimage", "MsSsim", "Gmsd", "LrPsnr", "DetailCorr", "DetailRatio"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ExactValues",
                table: "results",
                type: "TEXT",
                nullable: true);

            // SQLite reads 9e999 as +∞.
            foreach (var metric in Metrics)
                migrationBuilder.Sql($"""
                    UPDATE "results" SET "ExactValues" = COALESCE("ExactValues" || ';', '') || '{metric}=nan', "{metric}" = NULL
                    WHERE "{metric}" = -9e999;
                    """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var metric in Metrics)
                migrationBuilder.Sql($"""
                    UPDATE "results" SET "{metric}" = -9e999
                    WHERE ';' || "ExactValues" || ';' LIKE '%;{metric}=nan;%';
                    """);
            migrationBuilder.DropColumn(
                name: "ExactValues",
                table: "results");
        }
    }
}
