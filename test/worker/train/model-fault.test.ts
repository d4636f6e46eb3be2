import { describe, expect, it } from 'vitest';
import { isModelFault } from '../../../worker/train/model-fault';

// Whose fault a failed build, forward check or training step is: the model's becomes
// feedback (never retried), anything else must throw so BullMQ retries it.

describe('isModelFault', () => {
  it.each([
    // the messages tfjs 4.x throws, verbatim apart from the numbers
    'Error in gradient of fused conv2D: dilation rates greater than 1 are not yet supported in gradients. Got dilations 2,2',
    'Error in conv2D: Softmax along a non-last dimension is not yet supported. Logits was rank 4 and dim was 1',
    'Cannot compute gradient: gradient function not found for Dilation2D.',
    'Error when checking input: expected input1 to have shape [null,28,28,1] but got array with shape [32,28,28]',
    'Operands could not be broadcast together with shapes 32,10 and 32,5.',
    'Invalid TF_Status: 3\nMessage: Incompatible shapes: [32,10] vs. [32,5]',
    'Error in conv2d: depth of input (3) must match input depth for filter 1.',
    'Error in matMul: inner shapes (784) and (100) of Tensors with shapes 32,784 and 100,10 and transposeA=false and transposeB=false must match.',
    'Error in add: Shapes 2,3 and 3,2 must match',
    'Size(784) must match the product of shape 7,7',
    'Negative dimension size caused by adding layer conv2d with input shape [null,2,2,8]',
    'Input 0 is incompatible with layer dense: expected axis -1 of input shape to have value 784 but got shape 1,100.',
    'Layer invocation in the presence of activity regularizer(s) is not supported yet.',
  ])('the model\'s: %s', (message) => {
    expect(isModelFault(new Error(message))).toBe(true);
  });

  it.each([
    ['V8 out of memory', new RangeError('Array buffer allocation failed')],
    ['a typed array too large', new RangeError('Invalid typed array length: 9007199254740991')],
    ['a RangeError, whatever it says', new RangeError('Error in conv2d: depth of input (3) must match input depth for filter 1.')],
    ['plain out of memory', new Error('out of memory')],
    ['libtensorflow OOM, even with shape words', new Error('Invalid TF_Status: 8\nMessage: OOM when allocating tensor with shape[32,512,28,28] and type float')],
    ['CUDA', new Error('Invalid TF_Status: 13\nMessage: CUDA_ERROR_OUT_OF_MEMORY: out of memory')],
    ['cuDNN', new Error('Failed to get convolution algorithm. This is probably because cuDNN failed to initialize')],
    ['a failed allocation that says "not supported"', new Error('failed to allocate 2.0G: this device is not supported')],
    ['a generic error', new Error('something broke')],
    ['a bug of ours', new TypeError("Cannot read properties of undefined (reading 'shape')")],
    ['not an Error', 'not yet supported'],
    ['undefined', undefined],
  ])('not the model\'s: %s', (_what, e) => {
    expect(isModelFault(e)).toBe(false);
  });
});
