'use client';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** One point of the training curve; epoch is fractional within an epoch, validation values come at epoch ends. */
export interface EpochPoint {
  epoch: number;
  loss: number | null;
  accuracy: number | null;
  valLoss?: number | null;
  valAccuracy?: number | null;
}

/** Whole epochs 0..n for the x axis, so ticks never read 0.099, 0.197… */
export function epochTicks(history: readonly EpochPoint[]): number[] {
  const last = Math.max(1, Math.ceil(Math.max(0, ...history.map((h) => h.epoch))));
  const step = Math.max(1, Math.ceil(last / 10));
  const ticks: number[] = [];
  for (let e = 0; e <= last; e += step) ticks.push(e);
  if (ticks[ticks.length - 1] !== last) ticks.push(last);
  return ticks;
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

export function TrainingChart({ history }: { history: EpochPoint[] }) {
  const ticks = epochTicks(history);
  const hasValidation = history.some((h) => h.valLoss != null || h.valAccuracy != null);
  return (
    <figure style={{ width: '100%', height: 300, margin: 0 }} data-testid="training-chart" aria-label="Training curves: loss and accuracy per epoch">
      <ResponsiveContainer>
        <LineChart data={history} margin={{ top: 8, right: 8, bottom: 20, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={[0, ticks[ticks.length - 1]!]}
            ticks={ticks}
            allowDecimals={false}
            label={{ value: 'Epoch', position: 'insideBottom', offset: -12 }}
          />
          <YAxis yAxisId="loss" label={{ value: 'Loss', angle: -90, position: 'insideLeft' }} tickFormatter={(v: number) => v.toFixed(2)} />
          <YAxis yAxisId="acc" orientation="right" domain={[0, 1]} tickFormatter={pct} label={{ value: 'Accuracy', angle: 90, position: 'insideRight' }} />
          <Tooltip
            labelFormatter={(e) => `epoch ${Number(e).toFixed(2)}`}
            formatter={(v, name) => (typeof v === 'number' ? (String(name).includes('accuracy') ? pct(v) : v.toFixed(4)) : String(v))}
          />
          <Legend verticalAlign="top" />
          <Line yAxisId="loss" name="training loss" type="monotone" dataKey="loss" stroke="#c0362c" dot={false} isAnimationActive={false} connectNulls />
          <Line yAxisId="acc" name="training accuracy" type="monotone" dataKey="accuracy" stroke="#2f5bea" dot={false} isAnimationActive={false} connectNulls />
          {hasValidation && <Line yAxisId="loss" name="validation loss" type="linear" dataKey="valLoss" stroke="#e08a00" strokeDasharray="6 3" isAnimationActive={false} connectNulls />}
          {hasValidation && <Line yAxisId="acc" name="validation accuracy" type="linear" dataKey="valAccuracy" stroke="#12805c" strokeDasharray="6 3" isAnimationActive={false} connectNulls />}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
