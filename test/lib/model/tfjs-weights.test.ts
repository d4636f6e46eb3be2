import { describe, expect, it } from 'vitest';
import { checkTfjsWeightFiles as checkAsData, type WeightGroup } from '../../../lib/model';
import { renderText } from '../../../lib/i18n/render';

// The problems are sentences as data; these tests read them in English.
const checkTfjsWeightFiles = (opts: Parameters<typeof checkAsData>[0]) => checkAsData(opts).map((m) => renderText(m));

// The seed model's weights as tensorflowjs_converter lists them, split over two shards.
const manifest: WeightGroup[] = [
  {
    paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'],
    weights: [
      { name: 'conv2d/kernel', shape: [3, 3, 1, 8], dtype: 'float32' }, // 288 bytes
      { name: 'dense/kernel', shape: [1352, 10], dtype: 'float32' }, // 54,080 bytes
      { name: 'dense/bias', shape: [10], dtype: 'float32' }, // 40 bytes
    ],
  },
];
const b64 = (n: number) => Buffer.alloc(n, 7).toString('base64');
const complete = { 'group1-shard1of2.bin': b64(40_000), 'group1-shard2of2.bin': b64(54_408 - 40_000) };

describe('checkTfjsWeightFiles', () => {
  it('accepts every listed file with the bytes dtype × shape need, across shards', () => {
    expect(checkTfjsWeightFiles({ manifest, files: complete })).toEqual([]);
    // browsers upload file names only; a converter may write paths with a folder
    const nested = [{ ...manifest[0]!, paths: manifest[0]!.paths.map((p) => `weights/${p}`) }];
    expect(checkTfjsWeightFiles({ manifest: nested, files: complete })).toEqual([]);
  });

  it('names a missing file', () => {
    const e = checkTfjsWeightFiles({ manifest, files: { 'group1-shard1of2.bin': complete['group1-shard1of2.bin'] } });
    expect(e).toEqual(['weight file "group1-shard2of2.bin" listed in model.json was not uploaded']);
  });

  it('names the files whose size does not match the manifest, with both byte counts', () => {
    const e = checkTfjsWeightFiles({ manifest, files: { ...complete, 'group1-shard2of2.bin': b64(100) } });
    expect(e).toHaveLength(1);
    expect(e[0]).toMatch(/"group1-shard1of2.bin", "group1-shard2of2.bin" hold 40,100 bytes but model.json describes 54,408/);
  });

  it('counts quantized weights at their stored size, and refuses string dtypes', () => {
    const q: WeightGroup[] = [
      { paths: ['q.bin'], weights: [{ name: 'k', shape: [10, 10], dtype: 'float32', quantization: { dtype: 'uint8', min: 0, scale: 1 } }] },
    ];
    expect(checkTfjsWeightFiles({ manifest: q, files: { 'q.bin': b64(100) } })).toEqual([]);
    expect(checkTfjsWeightFiles({ manifest: q, files: { 'q.bin': b64(400) } })[0]).toMatch(/"q.bin" holds 400 bytes but model.json describes 100/);
    const s: WeightGroup[] = [{ paths: ['s.bin'], weights: [{ name: 'vocab', shape: [3], dtype: 'string' }] }];
    expect(checkTfjsWeightFiles({ manifest: s, files: { 's.bin': b64(12) } })[0]).toMatch(/weight "vocab" .*dtype "string"/);
  });

  it('refuses a file that is not base64', () => {
    expect(checkTfjsWeightFiles({ manifest, files: { ...complete, 'group1-shard2of2.bin': 'not base64!' } })[0]).toMatch(
      /"group1-shard2of2.bin" is not valid base64/,
    );
  });
});
