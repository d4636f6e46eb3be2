// Browser-side helpers for the model form's file upload, kept pure (no DOM, no
// Node Buffer) so they run in the browser and in tests alike.

/** Bytes per btoa() call: a multiple of 3, so the pieces' base64 concatenates without padding in between. */
const CHUNK = 3 * 8192;

/**
 * Base64 of any size. `btoa(String.fromCharCode(...bytes))` passes every byte as a
 * function argument and overflows the call stack at around 100 KB, smaller than
 * most weight shards.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const chunk = bytes.subarray(i, Math.min(bytes.length, i + CHUNK));
    let binary = '';
    for (let j = 0; j < chunk.length; j++) binary += String.fromCharCode(chunk[j]!);
    parts.push(btoa(binary));
  }
  return parts.join('');
}

/**
 * The format an uploaded text file is in, when it says so itself: a model.json with a
 * weightsManifest is trained TensorFlow.js weights, a document with a Keras class_name
 * is Keras JSON; anything else (YAML, a spec) is left to the form's choice.
 */
export function detectModelFormat(text: string): 'tfjs' | 'keras' | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  if ('weightsManifest' in doc && 'modelTopology' in doc) return 'tfjs';
  if ('class_name' in doc && 'config' in doc) return 'keras';
  return undefined;
}
