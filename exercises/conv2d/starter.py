import numpy as np


def conv2d(image, kernel, stride, padding):
    # image: 2d array (h, w); kernel: 2d array (kh, kw); stride, padding: ints.
    # Return a 2d array of shape ((h + 2p - kh) // s + 1, (w + 2p - kw) // s + 1).
    raise NotImplementedError
