import { zeros2, type T2 } from '@/lib/exercises/code/tensor';

// Trusted reference: single-channel 2-D cross-correlation (what CNNs call convolution)
// with zero padding and a stride, output size floor((n + 2p − k) / s) + 1.
export function conv2d(image: T2, kernel: T2, stride: number, padding: number): T2 {
  const h = image.length;
  const w = image[0]!.length;
  const kh = kernel.length;
  const kw = kernel[0]!.length;
  const oh = Math.floor((h + 2 * padding - kh) / stride) + 1;
  const ow = Math.floor((w + 2 * padding - kw) / stride) + 1;
  const out = zeros2(oh, ow);
  for (let i = 0; i < oh; i++)
    for (let j = 0; j < ow; j++) {
      let s = 0;
      for (let a = 0; a < kh; a++)
        for (let b = 0; b < kw; b++) {
          const y = i * stride + a - padding;
          const x = j * stride + b - padding;
          if (y >= 0 && y < h && x >= 0 && x < w) s += image[y]![x]! * kernel[a]![b]!;
        }
      out[i]![j] = s;
    }
  return out;
}
