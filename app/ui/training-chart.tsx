'use client';
import { useFormatter, useTranslations } from 'next-intl';
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


export function TrainingChart({ history }: { history: EpochPoint[] }) {
  const t = useTranslations('chart');
  const fmt = useFormatter();
  const pct = (v: number) => fmt.number(v, { style: 'percent', maximumFractionDigits: 0 });
  const ticks = epochTicks(history);
  const hasValidation = history.some((h) => h.valLoss != null || h.valAccuracy != null);
  return (
    <figure style={{ width: '100%', height: 300, margin: 0 }} data-testid="training-chart" aria-label={t('label')}>
      <ResponsiveContainer>
        <LineChart data={history} margin={{ top: 8, right: 8, bottom: 20, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={[0, ticks[ticks.length - 1]!]}
            ticks={ticks}
            allowDecimals={false}
            label={{ value: t('epoch'), position: 'insideBottom', offset: -12 }}
          />
          <YAxis yAxisId="loss" label={{ value: t('loss'), angle: -90, position: 'insideLeft' }} tickFormatter={(v: number) => fmt.number(v, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} />
          <YAxis yAxisId="acc" orientation="right" domain={[0, 1]} tickFormatter={pct} label={{ value: t('accuracy'), angle: 90, position: 'insideRight' }} />
          <Tooltip
            labelFormatter={(e) => t('tooltipEpoch', { epoch: fmt.number(Number(e), { minimumFractionDigits: 2, maximumFractionDigits: 2 }) })}
            formatter={(v, _name, item) => (typeof v === 'number' ? (/accuracy/i.test(String(item?.dataKey)) ? pct(v) : fmt.number(v, { minimumFractionDigits: 4, maximumFractionDigits: 4 })) : String(v))}
          />
          <Legend verticalAlign="top" />
          <Line yAxisId="loss" name={t('trainingLoss')} type="monotone" dataKey="loss" stroke="#c0362c" dot={false} isAnimationActive={false} connectNulls />
          <Line yAxisId="acc" name={t('trainingAccuracy')} type="monotone" dataKey="accuracy" stroke="#2f5bea" dot={false} isAnimationActive={false} connectNulls />
          {hasValidation && <Line yAxisId="loss" name={t('validationLoss')} type="linear" dataKey="valLoss" stroke="#e08a00" strokeDasharray="6 3" isAnimationActive={false} connectNulls />}
          {hasValidation && <Line yAxisId="acc" name={t('validationAccuracy')} type="linear" dataKey="valAccuracy" stroke="#12805c" strokeDasharray="6 3" isAnimationActive={false} connectNulls />}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
