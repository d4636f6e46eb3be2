import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeGraph, formatSummary, MAX_KERAS_BYTES, parseModelSubmission } from '../../../lib/model';
import { specToGraph } from '../../../lib/model/spec';
import { renderText } from '../../../lib/i18n/render';

const root = path.resolve(import.meta.dirname, '../../fixtures');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');
const keras = (p: string) => parseModelSubmission({ format: 'keras', content: read(p) });
const spec = (doc: unknown, limits?: { maxParams?: number; maxLayers?: number }) =>
  parseModelSubmission({ format: 'spec', content: typeof doc === 'string' ? doc : JSON.stringify(doc), limits });
const errorsOf = (r: ReturnType<typeof parseModelSubmission>) => (r.ok ? [] : r.errors).map((e) => renderText(e)).join('\n');

const seedLayers = [
  { type: 'conv2d', filters: 8, kernel_size: 3, use_bias: false },
  { type: 'max_pool2d', pool_size: 2 },
  { type: 'flatten' },
  { type: 'dense', units: 10, activation: 'softmax' },
];

describe('the seed notes model in three formats', () => {
  const runs = {
    keras3: keras('models/seed-keras3.json'),
    tfkeras2: keras('models/seed-tfkeras2.json'),
    spec: parseModelSubmission({ format: 'spec', content: read('models/seed-spec.yaml') }),
  };

  it.each(Object.entries(runs))('%s parses to the Keras summary: conv 72 (no bias), dense 13,530, total 13,602', (_, r) => {
    expect(r.ok, errorsOf(r)).toBe(true);
    if (!r.ok) return;
    const rows = r.summary.rows.filter((x) => x.type !== 'InputLayer');
    expect(rows.map((x) => [x.type, x.outputShape, x.params])).toEqual([
      ['Conv2D', [26, 26, 8], 72],
      ['MaxPooling2D', [13, 13, 8], 0],
      ['Flatten', [1352], 0],
      ['Dense', [10], 13530],
    ]);
    expect(r.summary.totalParams).toBe(13602);
    expect(r.summary.nonTrainableParams).toBe(0);
    expect(formatSummary(r.summary)).toContain('Total params: 13,602');
  });

  it('tells Keras 3 and tf.keras 2 apart', () => {
    expect(runs.keras3.ok && runs.keras3.graph.source).toBe('keras3');
    expect(runs.tfkeras2.ok && runs.tfkeras2.graph.source).toBe('tf.keras2');
  });

  it('counts the bias when the conv has one: 80 parameters', () => {
    const r = spec({ layers: [{ ...seedLayers[0], use_bias: true }, ...seedLayers.slice(1)] });
    expect(r.ok && r.summary.rows.find((x) => x.type === 'Conv2D')!.params).toBe(80);
  });
});

describe("Keras's published summaries", () => {
  it('keras.io "Simple MNIST convnet": 320 + 18,496 + 16,010 = 34,826', () => {
    const r = keras('keras/mnist-convnet-keras3.json');
    expect(r.ok, errorsOf(r)).toBe(true);
    if (!r.ok) return;
    expect(r.summary.rows.map((x) => x.params).filter((p) => p > 0)).toEqual([320, 18496, 16010]);
    expect(r.summary.rows.find((x) => x.name === 'max_pooling2d_1')!.outputShape).toEqual([5, 5, 64]);
    expect(r.summary.totalParams).toBe(34826);
  });

  it('a 32×32×3 model from a model.summary() Q&A: 1,568 + 16,416 + 25,632 + 330 = 43,946', () => {
    const g = specToGraph({
      input: [32, 32, 3],
      layers: [
        { type: 'conv2d', filters: 32, kernel_size: 4, activation: 'relu' },
        { type: 'max_pool2d' },
        { type: 'conv2d', filters: 32, kernel_size: 4, activation: 'relu' },
        { type: 'max_pool2d' },
        { type: 'flatten' },
        { type: 'dense', units: 32, activation: 'relu' },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
    });
    expect(g.ok).toBe(true);
    if (!g.ok) return;
    const r = analyzeGraph(g.graph, undefined, { mnist: false });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.summary.rows.map((x) => x.outputShape)).toEqual([[32, 32, 3], [29, 29, 32], [14, 14, 32], [11, 11, 32], [5, 5, 32], [800], [32], [10]]);
    expect(r.summary.rows.map((x) => x.params)).toEqual([0, 1568, 0, 16416, 0, 0, 25632, 330]);
    expect(r.summary.totalParams).toBe(43946);
  });
});

describe('functional models with a residual add', () => {
  it.each(['keras/residual-keras3.json', 'keras/residual-tfkeras2.json'])('%s: add joins two convs; BN moving stats are non-trainable', (f) => {
    const r = keras(f);
    expect(r.ok, errorsOf(r)).toBe(true);
    if (!r.ok) return;
    expect(r.graph.functional).toBe(true);
    const add = r.graph.nodes.find((n) => n.type === 'add')!;
    expect(add.inputs).toEqual(['conv2d_1', 'conv2d']);
    expect(r.summary.totalParams).toBe(160 + 2320 + 64 + 31370);
    expect(r.summary.nonTrainableParams).toBe(32);
    expect(formatSummary(r.summary)).toMatch(/add \(Add\)\s+\(None, 28, 28, 16\)\s+0\s+conv2d_1, conv2d/);
  });

  it('Keras 3 and tf.keras 2 give the same graph apart from the input name', () => {
    const a = keras('keras/residual-keras3.json');
    const b = keras('keras/residual-tfkeras2.json');
    if (!a.ok || !b.ok) throw new Error('fixtures must parse');
    const strip = (r: typeof a) => (r.ok ? r.graph.nodes.slice(1).map((n) => ({ ...n, inputs: n.inputs.map((i) => (i === r.graph.nodes[0]!.name ? 'IN' : i)) })) : []);
    expect(strip(a)).toEqual(strip(b));
  });

  it('a spec builds the same skip connection with inputs:', () => {
    const r = spec({
      layers: [
        { type: 'conv2d', name: 'c1', filters: 4, kernel_size: 3, padding: 'same', activation: 'relu' },
        { type: 'conv2d', name: 'c2', filters: 4, kernel_size: 3, padding: 'same' },
        { type: 'add', inputs: ['c2', 'c1'] },
        { type: 'global_average_pool2d' },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
    });
    expect(r.ok, errorsOf(r)).toBe(true);
    expect(r.ok && r.summary.totalParams).toBe(40 + 148 + 50);
  });
});

describe('rejections name the layer and the reason', () => {
  it.each(['keras/lambda-keras3.json', 'keras/lambda-tfkeras2.json'])('%s: Lambda layers are refused', (f) => {
    const e = errorsOf(keras(f));
    expect(e).toContain('layer "lambda" (Lambda)');
    expect(e).toMatch(/serialized Python code/);
  });

  it('a custom (registered) layer class is refused', () => {
    const e = errorsOf(keras('keras/custom-layer-keras3.json'));
    expect(e).toContain('layer "scale_layer" (ScaleLayer)');
    expect(e).toMatch(/custom layers are not allowed/);
  });

  it('an unknown tf.keras 2 layer class is refused by name', () => {
    const doc = JSON.parse(read('models/seed-tfkeras2.json'));
    doc.config.layers.splice(2, 0, { class_name: 'GaussianNoise', config: { name: 'noise', stddev: 0.1 } });
    const e = errorsOf(parseModelSubmission({ format: 'keras', content: JSON.stringify(doc) }));
    expect(e).toContain('layer "noise" (GaussianNoise)');
    expect(e).toMatch(/not supported/);
  });

  it('a wrong input shape', () => {
    expect(errorsOf(spec({ input: [32, 32, 3], layers: seedLayers }))).toMatch(/input "input": shape \(32, 32, 3\) is not compatible/);
  });

  it('an output that is not 10 softmax units', () => {
    expect(errorsOf(spec({ layers: [...seedLayers.slice(0, 3), { type: 'dense', units: 12, activation: 'softmax' }] }))).toMatch(/must be \(None, 10\)/);
    expect(errorsOf(spec({ layers: [...seedLayers.slice(0, 3), { type: 'dense', units: 10 }] }))).toMatch(/softmax/);
  });

  it('too many parameters', () => {
    const e = errorsOf(spec({ layers: seedLayers }, { maxParams: 10_000 }));
    expect(e).toContain('13,602 parameters; the limit is 10,000');
  });

  it('a kernel that does not fit, a dangling input, a dead branch, a misspelled option, an unknown type', () => {
    expect(errorsOf(spec({ layers: [{ type: 'conv2d', filters: 2, kernel_size: 30 }, { type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }] }))).toMatch(
      /layer "conv2d" \(Conv2D\): kernel 30×30 does not fit/,
    );
    expect(errorsOf(spec({ layers: [{ type: 'flatten' }, { type: 'add', inputs: ['flatten', 'nope'] }, { type: 'dense', units: 10, activation: 'softmax' }] }))).toMatch(
      /input "nope" does not exist/,
    );
    expect(errorsOf(spec({ layers: [{ type: 'flatten', name: 'f' }, { type: 'dense', name: 'unused', units: 5 }, { type: 'dense', units: 10, activation: 'softmax', inputs: 'f' }] }))).toMatch(
      /layer "unused" does not lead to the output/,
    );
    expect(errorsOf(spec({ layers: [{ type: 'conv2d', filter: 8, kernel_size: 3 }] }))).toMatch(/layer 1 \(conv2d\)/);
    expect(errorsOf(spec({ layers: [{ type: 'lstm', name: 'rnn' }] }))).toMatch(/layer 1 "rnn": type "lstm" is not allowed/);
  });

  it('a "million layers" model is refused by its layer count before anything is built', () => {
    const layers = [
      { class_name: 'InputLayer', config: { batch_input_shape: [null, 784], name: 'in' } },
      ...Array.from({ length: 100_000 }, (_, i) => ({ class_name: 'Dropout', config: { name: `d${i}`, rate: 0.1 } })),
    ];
    const content = JSON.stringify({ class_name: 'Sequential', config: { name: 'deep', layers } });
    expect(content.length).toBeLessThan(MAX_KERAS_BYTES);
    const r = parseModelSubmission({ format: 'keras', content });
    expect(errorsOf(r)).toBe('the model has 100,001 layers; the limit is 100');
  });

  it('uploads over the size cap are refused before parsing', () => {
    const e = errorsOf(parseModelSubmission({ format: 'keras', content: ' '.repeat(MAX_KERAS_BYTES + 1) }));
    expect(e).toMatch(/the limit is 8192 KiB/);
    expect(errorsOf(spec(`layers:\n${'  - { type: flatten }\n'.repeat(20_000)}`))).toMatch(/the limit is 256 KiB/);
  });

  it('garbage input', () => {
    expect(errorsOf(parseModelSubmission({ format: 'keras', content: 'not json' }))).toMatch(/not valid JSON/);
    expect(errorsOf(parseModelSubmission({ format: 'keras', content: '{"class_name": "Dense", "config": {}}' }))).toMatch(/not a Keras Sequential or Functional/);
  });
});

describe('TensorFlow.js model.json', () => {
  const topology = JSON.parse(read('models/seed-tfkeras2.json'));
  it('a layers-model is read through its modelTopology', () => {
    const doc = { format: 'layers-model', modelTopology: topology, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'conv2d/kernel', shape: [3, 3, 1, 8], dtype: 'float32' }] }] };
    const r = parseModelSubmission({ format: 'tfjs', content: JSON.stringify(doc) });
    expect(r.ok, errorsOf(r)).toBe(true);
    expect(r.ok && r.summary.totalParams).toBe(13602);
  });
  it('a graph model is refused with the converter flag to use', () => {
    expect(errorsOf(parseModelSubmission({ format: 'tfjs', content: JSON.stringify({ format: 'graph-model', modelTopology: { node: [] } }) }))).toMatch(/tfjs_layers_model/);
  });
});
