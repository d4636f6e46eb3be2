'use client';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export function TrainingChart({ history }: { history: { epoch: number; loss: number | null; accuracy: number | null }[] }) {
  return (
    <div style={{ width: '100%', height: 260 }} data-testid="training-chart">
      <ResponsiveContainer>
        <LineChart data={history}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" label={{ value: 'epoch', position: 'insideBottom', offset: -2 }} />
          <YAxis yAxisId="loss" />
          <YAxis yAxisId="acc" orientation="right" domain={[0, 1]} />
          <Tooltip />
          <Legend />
          <Line yAxisId="loss" type="monotone" dataKey="loss" stroke="#c0362c" isAnimationActive={false} />
          <Line yAxisId="acc" type="monotone" dataKey="accuracy" stroke="#2f5bea" isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
