import numpy as np


class Softmax:
    # A standard fully-connected layer with softmax activation.

    def __init__(self, input_len, nodes):
        self.weights = np.random.randn(input_len, nodes) / input_len
        self.biases = np.zeros(nodes)

    def forward(self, input):
        # Flatten the input (any shape) and return a 1d array of nodes probabilities.
        # Remember what backprop needs (the input's shape, the flattened input, the totals).
        raise NotImplementedError

    def backprop(self, d_L_d_out, learn_rate):
        # d_L_d_out: 1d array (nodes,), only one entry is non-zero.
        # Update self.weights and self.biases; return d_L_d_input with the last input's shape.
        raise NotImplementedError
