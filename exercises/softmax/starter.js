// A standard fully-connected layer with softmax activation.
export class Softmax {
  constructor(inputLen, nodes) {
    // weights: (inputLen, nodes), biases: (nodes)
    this.weights = Array.from({ length: inputLen }, () => Array.from({ length: nodes }, () => (Math.random() - 0.5) / inputLen));
    this.biases = new Array(nodes).fill(0);
  }

  /** Flattens the input (any nesting) and returns one probability per node. */
  forward(input) {
    throw new Error('not implemented');
  }

  /** Updates weights and biases; returns dL/dinput nested like the last input. */
  backprop(dLdOut, learnRate) {
    throw new Error('not implemented');
  }
}
