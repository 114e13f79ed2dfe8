// Builds a small layers-model that uses every layer type the converter supports (including the UpscalerJS
// custom layers MultiplyBeta and PixelShuffle4x), saves it in the TensorFlow.js model.json format, runs it on a
// fixed input, and writes broken variants of it for the converter's error tests.
'use strict';

const fs = require('fs');
const path = require('path');

function customLayer(tf, className) {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`${className} is not registered; call the package's setup(tf) first`);
  return entry[0];
}

async function saveModel(tf, model, dir) {
  fs.mkdirSync(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const shard = 'group1-shard1of1.bin';
    fs.writeFileSync(path.join(dir, shard), Buffer.from(artifacts.weightData));
    const json = {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: [shard], weights: artifacts.weightSpecs }],
    };
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json, null, 1) + '\n');
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
}

function writeBrokenVariants(dir, brokenRoot) {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const bin = fs.readFileSync(path.join(dir, 'group1-shard1of1.bin'));
  const write = (name, mutate, shardBytes) => {
    const out = path.join(brokenRoot, name);
    fs.mkdirSync(out, { recursive: true });
    const copy = JSON.parse(JSON.stringify(json));
    mutate(copy);
    fs.writeFileSync(path.join(out, 'model.json'), JSON.stringify(copy, null, 1) + '\n');
    if (shardBytes) fs.writeFileSync(path.join(out, 'group1-shard1of1.bin'), shardBytes);
  };
  // A layer class the converter does not know.
  write('unknown-layer', (m) => {
    const l = m.modelTopology.config.layers.find((x) => x.class_name === 'MultiplyBeta');
    l.class_name = 'FancyAttention';
  }, bin);
  // The manifest lacks the bias of 'head' (and the shard lacks its bytes accordingly).
  const headBias = json.weightsManifest[0].weights.findIndex((w) => w.name === 'head/bias');
  let offset = 0;
  for (let i = 0; i < headBias; i++) offset += json.weightsManifest[0].weights[i].shape.reduce((a, b) => a * b, 1) * 4;
  const biasBytes = json.weightsManifest[0].weights[headBias].shape.reduce((a, b) => a * b, 1) * 4;
  write('missing-weight', (m) => { m.weightsManifest[0].weights.splice(headBias, 1); },
    Buffer.concat([bin.subarray(0, offset), bin.subarray(offset + biasBytes)]));
  // The shard is 8 bytes shorter than the manifest says.
  write('short-shard', () => {}, bin.subarray(0, bin.length - 8));
  // The manifest names a second shard that does not exist.
  write('missing-shard', (m) => { m.weightsManifest[0].paths.push('group1-shard2of2.bin'); }, bin);
}

async function buildTinyModel(tf, outDir) {
  const MultiplyBeta = customLayer(tf, 'MultiplyBeta');
  const PixelShuffle4x = customLayer(tf, 'PixelShuffle4x');
  const init = (seed) => tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3, seed });
  const conv = (name, filters, kernelSize, opts = {}) => tf.layers.conv2d({
    name, filters, kernelSize, padding: 'same', kernelInitializer: init(opts.seed ?? 1),
    biasInitializer: init((opts.seed ?? 1) + 100), ...opts,
  });

  const input = tf.input({ shape: [null, null, 3], name: 'LR' });
  const a = conv('feat', 8, 3, { activation: 'relu', seed: 1 }).apply(input);
  const b = conv('squeeze', 4, 1, { padding: 'valid', seed: 2 }).apply(a);
  const bRelu = tf.layers.activation({ activation: 'relu', name: 'squeeze_relu' }).apply(b);
  const cat = tf.layers.concatenate({ axis: -1, name: 'cat' }).apply([a, bRelu]);
  const wide = conv('wide', 8, 5, { seed: 3 }).apply(cat);
  const beta = new MultiplyBeta().apply(wide);
  const res = tf.layers.add({ name: 'res' }).apply([a, beta]);
  const pre = conv('pre_shuffle', 48, 3, { seed: 4 }).apply(res);
  const shuffled = new PixelShuffle4x().apply(pre);
  const head = conv('head', 3, 3, { seed: 5 }).apply(shuffled);
  const up = tf.layers.upSampling2d({ size: [4, 4], name: 'up' }).apply(input);
  const out = tf.layers.add({ name: 'out' }).apply([head, up]);
  const model = tf.model({ inputs: input, outputs: out, name: 'tiny' });

  const dir = path.join(outDir, 'tiny');
  await saveModel(tf, model, dir);
  writeBrokenVariants(dir, path.join(outDir, 'broken'));

  // Fixed input 7 wide x 5 high, values in [0, 1].
  const h = 5, w = 7;
  const values = new Float32Array(h * w * 3);
  for (let i = 0; i < values.length; i++) values[i] = ((i * 37) % 101) / 100;
  const x = tf.tensor4d(values, [1, h, w, 3]);
  const y = model.predict(x);
  const data = await y.data();
  const shape = y.shape;
  x.dispose(); y.dispose(); model.dispose();
  return { input: values, inputShape: [1, h, w, 3], output: data, outputShape: shape };
}

module.exports = { buildTinyModel };
