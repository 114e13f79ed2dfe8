// Runs the UpscalerJS ESRGAN x4 models with the pure-JavaScript TensorFlow.js CPU
// backend (no tfjs-node) on small fixed crops of real SEM images and writes the
// crops and the model outputs as test fixtures for the ONNX conversion.
//
// usage: node reference.js [--sem-root /work/shared/sem-sample] [--out <fixtures/models>] [--tiny-only]
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { PNG } = require('pngjs');
const tf = require('@tensorflow/tfjs');
const { buildTinyModel } = require('./tiny-model');

const args = process.argv.slice(2);
const argValue = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const semRoot = argValue('--sem-root', '/work/shared/sem-sample');
const outDir = path.resolve(argValue('--out', path.join(__dirname, '../../SemSrDashboard.Tests/Fixtures/models')));

// Fixed crops: LR inputs, 8-bit grey, replicated to RGB before inference.
const CROPS = [
  {
    name: 'lung-32x32',
    file: 'Biological/lung__Ag-PvP_Bottom_of_Insert_DC_02052021_5KV_1000_ETD-HV_5_18.png',
    x: 700, y: 480, width: 32, height: 32,
  },
  {
    name: 'nanowires-40x24',
    file: 'Nanowires/deepsem__140nm_10_cropped.png',
    x: 492, y: 332, width: 40, height: 24,
  },
];

// Model id -> package export; input/output ranges come from the package's own definition.
const MODELS = [
  { id: 'rrdn-thick-x4', pkg: '@upscalerjs/esrgan-thick' },
  { id: 'rdn-medium-x4', pkg: '@upscalerjs/esrgan-medium' },
  { id: 'rdn-slim-x4', pkg: '@upscalerjs/esrgan-slim' },
];

function readGreyCrop(crop) {
  const file = path.join(semRoot, crop.file);
  const bytes = fs.readFileSync(file);
  const png = PNG.sync.read(bytes);
  const out = new Uint8Array(crop.width * crop.height);
  for (let y = 0; y < crop.height; y++) {
    for (let x = 0; x < crop.width; x++) {
      const i = ((crop.y + y) * png.width + (crop.x + x)) * 4; // pngjs expands to RGBA
      out[y * crop.width + x] = png.data[i];
    }
  }
  return { pixels: out, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}

function loadModel(pkg) {
  const pkgDir = path.join(__dirname, 'node_modules', ...pkg.split('/'));
  const definition = require(`${pkg}/4x`);
  if (typeof definition.setup === 'function') {
    definition.setup(tf); // registers the package's custom layers (MultiplyBeta, PixelShuffle4x)
  }
  const modelJsonPath = path.join(pkgDir, definition._internals.path);
  const modelJson = JSON.parse(fs.readFileSync(modelJsonPath, 'utf8'));
  const dir = path.dirname(modelJsonPath);
  const weightSpecs = [];
  const buffers = [];
  for (const group of modelJson.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  const handler = { load: async () => ({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }) };
  return tf.loadLayersModel(handler).then((model) => ({ model, definition, version: JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version }));
}

function toFloat32Le(values) {
  const buf = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) buf.writeFloatLE(values[i], i * 4);
  return buf;
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  fs.mkdirSync(outDir, { recursive: true });

  const crops = CROPS.map((c) => {
    const { pixels, sha256 } = readGreyCrop(c);
    const file = `${c.name}.gray.u8`;
    fs.writeFileSync(path.join(outDir, file), Buffer.from(pixels));
    return { ...c, pixels, sourceSha256: sha256, inputFile: file };
  });

  const outputs = [];
  const tinyOnly = args.includes('--tiny-only');
  if (tinyOnly) require('@upscalerjs/esrgan-thick/4x').setup(tf);
  for (const m of tinyOnly ? [] : MODELS) {
    const { model, definition, version } = await loadModel(m.pkg);
    const [inMin, inMax] = definition.inputRange;
    for (const c of crops) {
      const rgb = new Float32Array(c.width * c.height * 3);
      for (let i = 0; i < c.pixels.length; i++) {
        const v = inMin + (c.pixels[i] / 255) * (inMax - inMin);
        rgb[i * 3] = v; rgb[i * 3 + 1] = v; rgb[i * 3 + 2] = v;
      }
      const started = Date.now();
      const input = tf.tensor4d(rgb, [1, c.height, c.width, 3]);
      const output = model.predict(input);
      const data = await output.data();
      const shape = output.shape;
      input.dispose(); output.dispose();
      const file = `${m.id}__${c.name}.tfjs.f32`;
      fs.writeFileSync(path.join(outDir, file), toFloat32Le(data));
      outputs.push({
        model: m.id, package: m.pkg, packageVersion: version, crop: c.name, file,
        layout: 'NHWC', shape, inputRange: definition.inputRange, outputRange: definition.outputRange,
      });
      console.log(`${m.id} ${c.name} -> [${shape}] in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    model.dispose();
  }

  // Small synthetic model with every supported layer type (custom layers registered by the thick package's setup).
  const tiny = await buildTinyModel(tf, outDir);
  fs.writeFileSync(path.join(outDir, 'tiny', 'input.f32'), toFloat32Le(tiny.input));
  fs.writeFileSync(path.join(outDir, 'tiny', 'output.tfjs.f32'), toFloat32Le(tiny.output));
  console.log(`tiny -> [${tiny.outputShape}]`);

  if (tinyOnly) return;
  const manifest = {
    generator: 'tools/tfjs-reference/reference.js',
    tfjsVersion: tf.version.tfjs,
    backend: tf.getBackend(),
    note: 'Inputs are 8-bit grey crops (row-major, width x height bytes) replicated to RGB and scaled to the model input range; outputs are raw float32 little-endian model outputs, unclipped.',
    crops: crops.map(({ pixels, ...c }) => c),
    outputs,
    tiny: {
      modelJson: 'tiny/model.json', input: 'tiny/input.f32', inputShape: tiny.inputShape,
      output: 'tiny/output.tfjs.f32', outputShape: tiny.outputShape, layout: 'NHWC',
    },
  };
  fs.writeFileSync(path.join(outDir, 'reference.json'), JSON.stringify(manifest, null, 2) + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
