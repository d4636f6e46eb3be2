import numpy as np


class MaxPool2:
    # A max pooling layer with a pool size of 2 (stride 2).

    def forward(self, input):
        # input: 3d array (h, w, num_filters). Return (h // 2, w // 2, num_filters).
        # Remember the input: backprop needs it.
        raise NotImplementedError

    def backprop(self, d_L_d_out):
        # d_L_d_out: (h // 2, w // 2, num_filters).
        # Return d_L_d_input with the shape of the last input.
        raise NotImplementedError
