type Nested = number | Nested[];

// A standard fully-connected layer with softmax activation.
export class Softmax {
  /** shape (inputLen, nodes) */
  weights: number[][];
  /** shape (nodes) */
  biases: number[];

  constructor(inputLen: number, nodes: number) {
    this.weights = Array.from({ length: inputLen }, () => Array.from({ length: nodes }, () => (Math.random() - 0.5) / inputLen));
    this.biases = new Array(nodes).fill(0);
  }

  /** Flattens the input (any nesting) and returns one probability per node. */
  forward(input: Nested): number[] {
    throw new Error('not implemented');
  }

  /** Updates weights and biases; returns dL/dinput nested like the last input. */
  backprop(dLdOut: number[], learnRate: number): Nested {
    throw new Error('not implemented');
  }
}
