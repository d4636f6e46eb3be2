// A convolution layer using 3x3 filters that can sit deeper in a network.
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

  /** input: (h, w). Returns (h - 2, w - 2, numFilters). */
  forward(input: number[][]): number[][][] {
    throw new Error('not implemented');
  }

  /** Returns dL/dinput (h, w) computed with the filters BEFORE the update, then updates the filters. */
  backprop(dLdOut: number[][][], learnRate: number): number[][] {
    throw new Error('not implemented');
  }
}
