CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

CREATE TABLE "runs" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_runs" PRIMARY KEY AUTOINCREMENT,
    "DataRoot" TEXT NOT NULL,
    "Methods" TEXT NOT NULL,
    "Scale" INTEGER NOT NULL,
    "Protocol" TEXT NOT NULL,
    "InfoBar" TEXT NOT NULL,
    "LimitPerCategory" INTEGER NULL,
    "Tile" INTEGER NOT NULL,
    "TilePad" INTEGER NOT NULL,
    "Device" TEXT NOT NULL,
    "Fingerprint" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Error" TEXT NULL,
    "CreatedUtc" TEXT NOT NULL,
    "StartedUtc" TEXT NULL,
    "FinishedUtc" TEXT NULL,
    "Provider" TEXT NULL,
    "Provenance" TEXT NULL,
    "TotalImages" INTEGER NOT NULL,
    "SkippedFiles" INTEGER NOT NULL,
    "LeaseOwner" TEXT NULL,
    "LeaseExpiresUtc" TEXT NULL
);

CREATE TABLE "images" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_images" PRIMARY KEY AUTOINCREMENT,
    "RunId" INTEGER NOT NULL,
    "Category" TEXT NOT NULL,
    "RelativePath" TEXT NOT NULL,
    "Width" INTEGER NOT NULL,
    "Height" INTEGER NOT NULL,
    "SourceWidth" INTEGER NOT NULL,
    "SourceHeight" INTEGER NOT NULL,
    "InfoBarRows" INTEGER NULL,
    "SourceBitDepth" INTEGER NOT NULL,
    "NearlyBlack" INTEGER NOT NULL,
    CONSTRAINT "FK_images_runs_RunId" FOREIGN KEY ("RunId") REFERENCES "runs" ("Id") ON DELETE CASCADE
);

CREATE TABLE "results" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_results" PRIMARY KEY AUTOINCREMENT,
    "RunId" INTEGER NOT NULL,
    "ImageId" INTEGER NOT NULL,
    "Method" TEXT NOT NULL,
    "Psnr" REAL NULL,
    "Ssim" REAL NULL,
    "SsimSkimage" REAL NULL,
    "Status" TEXT NOT NULL,
    "Error" TEXT NULL,
    "CreatedUtc" TEXT NOT NULL,
    "Milliseconds" REAL NULL,
    CONSTRAINT "FK_results_images_ImageId" FOREIGN KEY ("ImageId") REFERENCES "images" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_results_runs_RunId" FOREIGN KEY ("RunId") REFERENCES "runs" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_images_RunId_RelativePath" ON "images" ("RunId", "RelativePath");

CREATE INDEX "IX_results_ImageId" ON "results" ("ImageId");

CREATE UNIQUE INDEX "IX_results_RunId_ImageId_Method" ON "results" ("RunId", "ImageId", "Method");

CREATE INDEX "IX_runs_Fingerprint" ON "runs" ("Fingerprint");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125210535_InitialSchema', '10.0.15');

ALTER TABLE "runs" ADD "StoreOutputs" TEXT NOT NULL DEFAULT 'all';

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125214836_StoreOutputs', '10.0.15');

ALTER TABLE "runs" ADD "Metrics" TEXT NOT NULL DEFAULT 'psnr,ssim,ssim_skimage';

ALTER TABLE "results" ADD "DetailCorr" REAL NULL;

ALTER TABLE "results" ADD "DetailRatio" REAL NULL;

ALTER TABLE "results" ADD "Gmsd" REAL NULL;

ALTER TABLE "results" ADD "LrPsnr" REAL NULL;

ALTER TABLE "results" ADD "MsSsim" REAL NULL;

ALTER TABLE "results" ADD "Note" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202101909_FidelityMetrics', '10.0.15');

CREATE TABLE "data_roots" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_data_roots" PRIMARY KEY AUTOINCREMENT,
    "Path" TEXT NOT NULL,
    "AddedUtc" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_data_roots_Path" ON "data_roots" ("Path");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202133248_DataRootsAddedFromDashboard', '10.0.15');

ALTER TABLE "runs" ADD "SelectionImages" INTEGER NULL;

ALTER TABLE "runs" ADD "ShardCount" INTEGER NULL;

ALTER TABLE "runs" ADD "ShardIndex" INTEGER NULL;

ALTER TABLE "runs" ADD "Subset" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202163625_ImageSelection', '10.0.15');

ALTER TABLE "runs" ADD "SlurmJobId" TEXT NULL;

ALTER TABLE "images" ADD "ClaimExpiresUtc" TEXT NULL;

ALTER TABLE "images" ADD "ClaimedBy" TEXT NULL;

CREATE TABLE "workers" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_workers" PRIMARY KEY AUTOINCREMENT,
    "WorkerId" TEXT NOT NULL,
    "RunId" INTEGER NOT NULL,
    "Host" TEXT NOT NULL,
    "SlurmJobId" TEXT NULL,
    "ArrayTaskId" INTEGER NULL,
    "Provider" TEXT NULL,
    "State" TEXT NOT NULL,
    "Reason" TEXT NULL,
    "ImagesDone" INTEGER NOT NULL,
    "StartedUtc" TEXT NOT NULL,
    "LastHeartbeatUtc" TEXT NOT NULL,
    "FinishedUtc" TEXT NULL,
    CONSTRAINT "FK_workers_runs_RunId" FOREIGN KEY ("RunId") REFERENCES "runs" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_images_RunId_ClaimedBy" ON "images" ("RunId", "ClaimedBy");

CREATE INDEX "IX_workers_RunId" ON "workers" ("RunId");

CREATE UNIQUE INDEX "IX_workers_WorkerId" ON "workers" ("WorkerId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202192259_ManyWorkers', '10.0.15');

ALTER TABLE "results" ADD "ExactValues" TEXT NULL;

UPDATE "results" SET "ExactValues" = COALESCE("ExactValues" || ';', '') || 'Psnr=nan', "Psnr" = NULL
WHERE "Psnr" = -9e999;

UPDATE "results" SET "ExactValues" = COALESCE("ExactValues" || ';', '') || 'Ssim=nan', "Ssim" = NULL
WHERE "Ssim" = -9e999;

UPDATE "results" SET "ExactValues" = COALESCE("ExactValues" || ';', '') || 'SsimSkimage=nan', "SsimSkimage" = NULL
WHERE "SsimSkimage" = -9e999;

UPDATE "results" SET "ExactValues" = COALESCE("ExactValues" || ';', '') || 'MsSsim=nan', "MsSsim" = NULL
WHERE "MsSsim" = -9e999;

UPDATE "results" SET "ExactValues" = COALESCE("ExactValues" || ';', '') || 'Gmsd=nan', "Gmsd" = NULL
WHERE "Gmsd" = -9e999;

UPDATE "results" SET "ExactValues" = COALESCE("ExactValues" || ';', '') || 'LrPsnr=nan', "LrPsnr" = NULL
WHERE "LrPsnr" = -9e999;

UPDATE "results" SET "ExactValues" = COALESCE("ExactValues" || ';', '') || 'DetailCorr=nan', "DetailCorr" = NULL
WHERE "DetailCorr" = -9e999;

UPDATE "results" SET "ExactValues" = COALESCE("ExactValues" || ';', '') || 'DetailRatio=nan', "DetailRatio" = NULL
WHERE "DetailRatio" = -9e999;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203003909_ExactSqliteValues', '10.0.15');

