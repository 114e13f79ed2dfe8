#!/usr/bin/env bash
# Regenerates the compiled EF Core model (SemSrDashboard.Engine/Storage/CompiledModel/) and the new-database schema script
# (Storage/Migrations/NewDatabase.sql) after a change to the entities,
# their configuration or the migrations. Start-up uses it instead of building the model; Storage/CompiledModelTests
# fails until it is regenerated. Needs the local dotnet-ef tool (dotnet-tools.json; `dotnet tool restore`).
set -euo pipefail
root=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
dotnet tool restore >/dev/null
rm -rf SemSrDashboard.Engine/Storage/CompiledModel
dotnet ef dbcontext optimize --project SemSrDashboard.Engine --context EvaluationDbContext --configuration Release \
  --output-dir Storage/CompiledModel --namespace SemSrDashboard.Engine.Storage.CompiledModel
# The schema of a new SQLite database in one script (NewDatabaseScript; Storage/MigrationsTests fails until regenerated).
dotnet ef migrations script --no-transactions --project SemSrDashboard.Engine --context EvaluationDbContext --configuration Release \
  --output SemSrDashboard.Engine/Storage/Migrations/NewDatabase.sql
