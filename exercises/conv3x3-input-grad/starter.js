// A convolution layer using 3x3 filters that can sit deeper in a network.
export class Conv3x3 {
  constructor(numFilters) {
    this.numFilters = numFilters;
    // shape (numFilters, 3, 3)
    this.filters = Array.from({ length: numFilters }, () =>
      Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => (Math.random() - 0.5) / 9)),
    );
  }

  /** input: (h, w). Returns (h - 2, w - 2, numFilters). */
  forward(input) {
    throw new Error('not implemented');
  }

  /** Returns dL/dinput (h, w) computed with the filters BEFORE the update, then updates the filters. */
  backprop(dLdOut, learnRate) {
    throw new Error('not implemented');
  }
}
