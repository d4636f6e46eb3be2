// What the form shows before submitting, and what the worker prints: Keras's
// model.summary() columns (layer, output shape, params) plus totals.

export interface SummaryRow {
  name: string;
  /** Keras class name, e.g. Conv2D */
  type: string;
  /** without the batch dimension */
  outputShape: number[];
  params: number;
  trainableParams: number;
  /** the layers it reads (listed for functional models, like Keras's "Connected to") */
  inputs: string[];
}

export interface ModelSummary {
  name: string;
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  inputShape: number[];
  outputShape: number[];
  /** layers excluding the input */
  layerCount: number;
  functional: boolean;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const shape = (s: number[]) => `(None, ${s.join(', ')})`;

function bytes(params: number): string {
  const b = params * 4;
  if (b < 1024) return `${b.toFixed(2)} B`;
  if (b < 1024 ** 2) return `${(b / 1024).toFixed(2)} KB`;
  if (b < 1024 ** 3) return `${(b / 1024 ** 2).toFixed(2)} MB`;
  return `${(b / 1024 ** 3).toFixed(2)} GB`;
}

/** Plain-text table in the layout of tf.keras 2's model.summary(). */
export function formatSummary(summary: ModelSummary): string {
  const rows = summary.functional ? summary.rows : summary.rows.filter((r) => r.type !== 'InputLayer');
  const cells = rows.map((r) => [`${r.name} (${r.type})`, shape(r.outputShape), fmt(r.params), summary.functional ? r.inputs.join(', ') : '']);
  const headers = ['Layer (type)', 'Output Shape', 'Param #', summary.functional ? 'Connected to' : ''];
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)) + 3);
  const line = (c: string[]) => (' ' + c.map((x, i) => x.padEnd(widths[i]!)).join('')).trimEnd();
  const total = widths.reduce((a, b) => a + b, 1);
  const out = [`Model: "${summary.name}"`, '_'.repeat(total), line(headers), '='.repeat(total)];
  cells.forEach((c, i) => {
    out.push(line(c));
    if (i < cells.length - 1) out.push(summary.functional ? '_'.repeat(total) : '');
  });
  out.push(
    '='.repeat(total),
    `Total params: ${fmt(summary.totalParams)} (${bytes(summary.totalParams)})`,
    `Trainable params: ${fmt(summary.trainableParams)} (${bytes(summary.trainableParams)})`,
    `Non-trainable params: ${fmt(summary.nonTrainableParams)} (${bytes(summary.nonTrainableParams)})`,
    '_'.repeat(total),
  );
  return out.join('\n');
}
