import numpy as np


class Conv3x3:
    # A convolution layer using 3x3 filters (valid padding, stride 1, no bias).

    def __init__(self, num_filters):
        self.num_filters = num_filters
        # filters is a 3d array with dimensions (num_filters, 3, 3)
        self.filters = np.random.randn(num_filters, 3, 3) / 9

    def forward(self, input):
        # input: 2d array (h, w). Return a 3d array (h - 2, w - 2, num_filters).
        # Remember the input: backprop needs it.
        raise NotImplementedError

    def backprop(self, d_L_d_out, learn_rate):
        # d_L_d_out: 3d array (h - 2, w - 2, num_filters).
        # Update self.filters -= learn_rate * d_L_d_filters.
        raise NotImplementedError
