using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SemSrDashboard.Engine.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "data_roots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Path = table.Column<string>(type: "text", nullable: false),
                    AddedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_roots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "runs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DataRoot = table.Column<string>(type: "text", nullable: false),
                    Methods = table.Column<string>(type: "text", nullable: false),
                    Scale = table.Column<int>(type: "integer", nullable: false),
                    Protocol = table.Column<string>(type: "text", nullable: false),
                    InfoBar = table.Column<string>(type: "text", nullable: false),
                    LimitPerCategory = table.Column<int>(type: "integer", nullable: true),
                    Tile = table.Column<int>(type: "integer", nullable: false),
                    TilePad = table.Column<int>(type: "integer", nullable: false),
                    Device = table.Column<string>(type: "text", nullable: false),
                    StoreOutputs = table.Column<string>(type: "text", nullable: false),
                    Metrics = table.Column<string>(type: "text", nullable: false),
                    Subset = table.Column<string>(type: "text", nullable: true),
                    ShardIndex = table.Column<int>(type: "integer", nullable: true),
                    ShardCount = table.Column<int>(type: "integer", nullable: true),
                    SelectionImages = table.Column<int>(type: "integer", nullable: true),
                    Fingerprint = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Provider = table.Column<string>(type: "text", nullable: true),
                    Provenance = table.Column<string>(type: "text", nullable: true),
                    TotalImages = table.Column<int>(type: "integer", nullable: false),
                    SkippedFiles = table.Column<int>(type: "integer", nullable: false),
                    LeaseOwner = table.Column<string>(type: "text", nullable: true),
                    LeaseExpiresUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "images",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunId = table.Column<int>(type: "integer", nullable: false),
                    Category = table.Column<string>(type: "text", nullable: false),
                    RelativePath = table.Column<string>(type: "text", nullable: false),
                    Width = table.Column<int>(type: "integer", nullable: false),
                    Height = table.Column<int>(type: "integer", nullable: false),
                    SourceWidth = table.Column<int>(type: "integer", nullable: false),
                    SourceHeight = table.Column<int>(type: "integer", nullable: false),
                    InfoBarRows = table.Column<int>(type: "integer", nullable: true),
                    SourceBitDepth = table.Column<int>(type: "integer", nullable: false),
                    NearlyBlack = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_images", x => x.Id);
                    table.ForeignKey(
                        name: "FK_images_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "results",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunId = table.Column<int>(type: "integer", nullable: false),
                    ImageId = table.Column<int>(type: "integer", nullable: false),
                    Method = table.Column<string>(type: "text", nullable: false),
                    Psnr = table.Column<double>(type: "double precision", nullable: true),
                    Ssim = table.Column<double>(type: "double precision", nullable: true),
                    SsimSkimage = table.Column<double>(type: "double precision", nullable: true),
                    MsSsim = table.Column<double>(type: "double precision", nullable: true),
                    Gmsd = table.Column<double>(type: "double precision", nullable: true),
                    LrPsnr = table.Column<double>(type: "double precision", nullable: true),
                    DetailCorr = table.Column<double>(type: "double precision", nullable: true),
                    DetailRatio = table.Column<double>(type: "double precision", nullable: true),
                    Note = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Milliseconds = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_results", x => x.Id);
                    table.ForeignKey(
                        name: "FK_results_images_ImageId",
                        column: x => x.ImageId,
                        principalTable: "images",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_results_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_data_roots_Path",
                table: "data_roots",
                column: "Path",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_images_RunId_RelativePath",
                table: "images",
                columns: new[] { "RunId", "RelativePath" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_results_ImageId",
                table: "results",
                column: "ImageId");

            migrationBuilder.CreateIndex(
                name: "IX_results_RunId_ImageId_Method",
                table: "results",
                columns: new[] { "RunId", "ImageId", "Method" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_runs_Fingerprint",
                table: "runs",
                column: "Fingerprint");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_roots");

            migrationBuilder.DropTable(
                name: "results");

            migrationBuilder.DropTable(
                name: "images");

            migrationBuilder.DropTable(
                name: "runs");
        }
    }
}
