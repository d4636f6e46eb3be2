// Which errors from building, running or training a model are the model's fault.
// A model that passed validation can still ask tfjs for something it does not do;
// that comes back to the student as feedback. Everything else (out of memory, a
// failed allocation, libtensorflow or CUDA trouble, a bug of ours) must throw so
// BullMQ retries it, possibly on another worker: calling it ungradable would bury it.

/**
 * Messages tfjs (4.x) throws for a model it refuses. Each is a fixed phrase from
 * tfjs-core, tfjs-layers or libtensorflow, so a new wording falls through to a retry
 * rather than to a wrong verdict.
 */
const MODEL_FAULTS: RegExp[] = [
  // tfjs-core: "dilation rates greater than 1 are not yet supported in gradients",
  // "Softmax along a non-last dimension is not yet supported"
  /\bnot yet supported\b/,
  // tfjs-layers: "... is not supported yet.", "... is not supported by ..."
  /\b(?:is|are) not supported\b/,
  /\bnot supported yet\b/,
  // tfjs-core: "Cannot compute gradient: gradient function not found for <kernel>."
  /\bgradient function not found\b/,
  // tfjs-layers' input/target check: "Error when checking input: expected ... to have shape ..."
  /^Error when checking\b/,
  // tfjs-layers and tfjs-core broadcasting; libtensorflow's (tfjs-node) shape mismatch
  /\bOperands could not be broadcast together with shapes\b/,
  /\bIncompatible shapes\b/,
  // tfjs-core op asserts: "Error in conv2d: depth of input (3) must match ...", "... must be rank 4"
  /^Error in [\w ]+: .*\bmust (?:be|match|have)\b/s,
  /\bShapes .* must match\b/,
  /^Size\(\d+\) must match the product of shape\b/,
  // tfjs-layers while wiring layers: "Negative dimension size caused by adding layer ...",
  // "Input 0 is incompatible with layer dense: ..."
  /\bNegative dimension size caused by\b/,
  /\bis incompatible with layer\b/,
];

/** Signs of the machine, not the model; checked first, so "OOM when allocating tensor with shape ... must be" still retries. */
const INFRASTRUCTURE = /out of memory|\bOOM\b|\balloc|\bCUDA|\bcu(?:DNN|BLAS)|RESOURCE_EXHAUSTED|ResourceExhausted|TF_Status: 8\b/i;

export function isModelFault(e: unknown): boolean {
  // RangeError is V8's "Array buffer allocation failed" / "Invalid typed array length": memory, not the model.
  if (!(e instanceof Error) || e instanceof RangeError) return false;
  const message = e.message ?? '';
  if (INFRASTRUCTURE.test(message)) return false;
  return MODEL_FAULTS.some((re) => re.test(message));
}
