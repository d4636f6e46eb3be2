import { describe, expect, it } from 'vitest';
import { bytesToBase64, detectModelFormat } from '../../../lib/model/upload-files';

describe('model form uploads', () => {
  it('base64-encodes a 1 MB weight shard (spread arguments overflow the stack at ~100 KB)', () => {
    const bytes = new Uint8Array(1_000_003);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + (i >> 8)) & 0xff;
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it.each([0, 1, 2, 3, 24575, 24576, 24577, 49153])('matches Node for %i bytes (chunk edges and padding)', (n) => {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31) & 0xff);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('recognizes a tfjs model.json and Keras JSON; leaves YAML and specs to the form', () => {
    expect(detectModelFormat(JSON.stringify({ format: 'layers-model', modelTopology: {}, weightsManifest: [] }))).toBe('tfjs');
    expect(detectModelFormat(JSON.stringify({ class_name: 'Sequential', config: { layers: [] } }))).toBe('keras');
    expect(detectModelFormat(JSON.stringify({ layers: [{ type: 'flatten' }] }))).toBeUndefined();
    expect(detectModelFormat('layers:\n  - { type: flatten }\n')).toBeUndefined();
  });
});
