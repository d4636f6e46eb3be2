import { describe, expect, it } from 'vitest';
import { parseModelSubmission } from '../../../lib/model';
import { renderText } from '../../../lib/i18n/render';

// Dilated convolutions pass the Keras arithmetic, but the worker's TensorFlow.js
// cannot train them (no gradient) and its DepthwiseConv2D ignores the rate. They
// must be refused before queueing, naming the layer, not crash the worker later.

const conv = (type: string, extra: Record<string, unknown> = {}) => ({
  input: [28, 28, 1],
  layers: [
    { type, name: 'wide', kernel_size: 3, dilation_rate: 2, ...(type === 'depthwise_conv2d' ? {} : { filters: 4 }), ...extra },
    { type: 'flatten' },
    { type: 'dense', units: 10, activation: 'softmax' },
  ],
});
const errorsOf = (r: ReturnType<typeof parseModelSubmission>) => (r.ok ? '' : r.errors.map((e) => renderText(e)).join('\n'));

function kerasConv(dilation: number): string {
  const layer = (class_name: string, config: Record<string, unknown>) => ({ class_name, config: { name: config.name, trainable: true, ...config } });
  return JSON.stringify({
    class_name: 'Sequential',
    config: {
      name: 'sequential',
      layers: [
        { class_name: 'InputLayer', config: { batch_shape: [null, 28, 28, 1], name: 'input_layer' } },
        layer('Conv2D', { name: 'dilated', filters: 4, kernel_size: [3, 3], strides: [1, 1], padding: 'valid', dilation_rate: [dilation, dilation], activation: 'relu', use_bias: true, data_format: 'channels_last' }),
        layer('Flatten', { name: 'flatten', data_format: 'channels_last' }),
        layer('Dense', { name: 'dense', units: 10, activation: 'softmax', use_bias: true }),
      ],
    },
    keras_version: '3.6.0',
    backend: 'tensorflow',
  });
}

describe('dilation_rate > 1', () => {
  it.each(['conv2d', 'separable_conv2d'])('a %s to be trained is refused with the layer name and why', (type) => {
    const e = errorsOf(parseModelSubmission({ format: 'spec', content: JSON.stringify(conv(type)) }));
    expect(e).toMatch(/layer "wide" \((Conv2D|SeparableConv2D)\): dilation_rate \(2, 2\) cannot be trained/);
    expect(e).toMatch(/no gradient for dilated convolutions/);
  });

  it('a dilated depthwise conv is refused in every format: tfjs would silently drop the rate', () => {
    const e = errorsOf(parseModelSubmission({ format: 'spec', content: JSON.stringify(conv('depthwise_conv2d')) }));
    expect(e).toMatch(/layer "wide" \(DepthwiseConv2D\): dilation_rate \(2, 2\) is not supported/);
  });

  it('Keras JSON is held to the same rule; dilation 1 is fine', () => {
    expect(errorsOf(parseModelSubmission({ format: 'keras', content: kerasConv(2) }))).toMatch(/layer "dilated" \(Conv2D\): dilation_rate \(2, 2\) cannot be trained/);
    const ok = parseModelSubmission({ format: 'keras', content: kerasConv(1) });
    expect(ok.ok, errorsOf(ok)).toBe(true);
  });

  it('uploaded tfjs weights are only evaluated, and the forward dilated conv works, so they pass', () => {
    const modelJson = JSON.stringify({
      format: 'layers-model',
      modelTopology: JSON.parse(kerasConv(2)),
      weightsManifest: [{ paths: ['w.bin'], weights: [] }],
    });
    const r = parseModelSubmission({ format: 'tfjs', content: modelJson });
    expect(r.ok, errorsOf(r)).toBe(true);
  });
});
