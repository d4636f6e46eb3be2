/** Returns ((h + 2p - kh) / s + 1, (w + 2p - kw) / s + 1), both rounded down before the + 1. */
export function conv2d(image: number[][], kernel: number[][], stride: number, padding: number): number[][] {
  throw new Error('not implemented');
}
