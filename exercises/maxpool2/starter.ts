// A max pooling layer with a pool size of 2 (stride 2).
export class MaxPool2 {
  /** input: (h, w, numFilters). Returns (h // 2, w // 2, numFilters). Remember the input for backprop. */
  forward(input: number[][][]): number[][][] {
    throw new Error('not implemented');
  }

  /** dLdOut: (h // 2, w // 2, numFilters). Returns dL/dinput with the shape of the last input. */
  backprop(dLdOut: number[][][]): number[][][] {
    throw new Error('not implemented');
  }
}
