// A convolution layer using 3x3 filters (valid padding, stride 1, no bias).
export class Conv3x3 {
  constructor(numFilters) {
    this.numFilters = numFilters;
    // shape (numFilters, 3, 3)
    this.filters = Array.from({ length: numFilters }, () =>
      Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => (Math.random() - 0.5) / 9)),
    );
  }

  /** input: (h, w). Returns (h - 2, w - 2, numFilters). Remember the input for backprop. */
  forward(input) {
    throw new Error('not implemented');
  }

  /** dLdOut: (h - 2, w - 2, numFilters). Updates this.filters -= learnRate * dL/dfilters. */
  backprop(dLdOut, learnRate) {
    throw new Error('not implemented');
  }
}
