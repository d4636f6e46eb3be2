import numpy as np


class Conv3x3:
    # A convolution layer using 3x3 filters that can sit deeper in a network.

    def __init__(self, num_filters):
        self.num_filters = num_filters
        self.filters = np.random.randn(num_filters, 3, 3) / 9

    def forward(self, input):
        # input: 2d array (h, w). Return (h - 2, w - 2, num_filters).
        raise NotImplementedError

    def backprop(self, d_L_d_out, learn_rate):
        # Return d_L_d_input of shape (h, w), computed with the filters BEFORE the update,
        # and update self.filters -= learn_rate * d_L_d_filters.
        raise NotImplementedError
