// A convolution layer using 3x3 filters (valid padding, stride 1, no bias).
export class Conv3x3 {
  numFilters: number;
  /** shape (numFilters, 3, 3) */
  filters: number[][][];

  constructor(numFilters: number) {
    this.numFilters = numFilters;
    this.filters = Array.from({ length: numFilters }, () =>
      Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => (Math.random() - 0.5) / 9)),
    );
  }

  /** input: (h, w). Returns (h - 2, w - 2, numFilters). Remember the input for backprop. */
  forward(input: number[][]): number[][][] {
    throw new Error('not implemented');
  }

  /** dLdOut: (h - 2, w - 2, numFilters). Updates this.filters -= learnRate * dL/dfilters. */
  backprop(dLdOut: number[][][], learnRate: number): void {
    throw new Error('not implemented');
  }
}
