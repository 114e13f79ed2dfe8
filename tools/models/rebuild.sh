#!/usr/bin/env bash
# Rebuilds the bundled models in models/ from the UpscalerJS npm packages:
#   npm pack @upscalerjs/esrgan-{thick,medium,slim}@1.0.0 into a temporary folder, then converts each
#   models/x4/model.json to models/<id>.onnx + models/<id>.card.json with the Engine's TfjsModelConverter.
#
# usage: tools/models/rebuild.sh [--cli]
#   --cli   convert through the dashboard CLI verb (dotnet run --project SemSrDashboard -- models import-tfjs ...)
#           instead of the maintenance console tools/models/ModelTool.
#
# Needs npm (registry access) and the .NET SDK. The conversion is deterministic for a given converter
# version, so an unchanged converter reproduces the committed files byte for byte (see the sha256 in the cards).
# To regenerate the test fixtures as well: (cd tools/tfjs-reference && npm ci && node reference.js).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

use_cli=false
[[ "${1:-}" == "--cli" ]] && use_cli=true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

declare -A ids=([thick]=rrdn-thick-x4 [medium]=rdn-medium-x4 [slim]=rdn-slim-x4)

if ! $use_cli; then
  dotnet build tools/models/ModelTool -c Release --nologo -v quiet
fi

for size in thick medium slim; do
  pkg="@upscalerjs/esrgan-${size}@1.0.0"
  echo "== ${pkg}"
  (cd "$work" && npm pack --silent "$pkg" > "pack-${size}.txt")
  mkdir -p "$work/$size"
  tar -xzf "$work/$(cat "$work/pack-${size}.txt")" -C "$work/$size"
  model_json="$work/$size/package/models/x4/model.json"
  if $use_cli; then
    dotnet run --project SemSrDashboard -- models import-tfjs "$model_json" --id "${ids[$size]}" --out "$repo/models"
  else
    dotnet tools/models/ModelTool/bin/Release/net10.0/ModelTool.dll import-tfjs "$model_json" --id "${ids[$size]}" --out "$repo/models"
  fi
done

git -C "$repo" status --short -- models
