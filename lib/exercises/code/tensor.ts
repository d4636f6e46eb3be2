import type { Rng } from '../../grading/rng';

// Small nested-array helpers shared by the reference solutions and case generators.

export type T1 = number[];
export type T2 = number[][];
export type T3 = number[][][];

export function zeros2(h: number, w: number): T2 {
  return Array.from({ length: h }, () => new Array<number>(w).fill(0));
}

export function zeros3(h: number, w: number, d: number): T3 {
  return Array.from({ length: h }, () => Array.from({ length: w }, () => new Array<number>(d).fill(0)));
}

export function flatten(x: unknown): number[] {
  return Array.isArray(x) ? x.flatMap((v) => flatten(v)) : [x as number];
}

export function shapeOf(x: unknown): number[] {
  const shape: number[] = [];
  let cur = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  return shape;
}

/** reshape a flat list into nested arrays of the given shape */
export function reshape(flat: number[], shape: number[]): unknown {
  if (shape.length === 0) return flat[0];
  let k = 0;
  const build = (dim: number): unknown => {
    if (dim === shape.length - 1) {
      const row = flat.slice(k, k + shape[dim]!);
      k += shape[dim]!;
      return row;
    }
    return Array.from({ length: shape[dim]! }, () => build(dim + 1));
  };
  return build(0);
}

/** rounded so inputs print compactly and survive JSON exactly */
export function randomTensor(rng: Rng, shape: number[], scale = 1, digits = 6): unknown {
  const n = shape.reduce((a, b) => a * b, 1);
  const flat = Array.from({ length: n }, () => round(rng.normal() * scale, digits));
  return reshape(flat, shape);
}

/** values like the notes' normalised MNIST pixels: (p / 255) - 0.5 */
export function randomImage(rng: Rng, h: number, w: number): T2 {
  return Array.from({ length: h }, () => Array.from({ length: w }, () => rng.int(0, 255) / 255 - 0.5));
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
