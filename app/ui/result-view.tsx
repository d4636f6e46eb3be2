import type { GradeResult } from '@/lib/grading/results';

export function ResultView({ result }: { result: GradeResult }) {
  return (
    <div className="result" data-testid="result">
      <h2>
        Score: <span data-testid="score">{result.score}</span> / {result.max_score}
        {!result.gradable && <span className="badge failed">not counted as an attempt</span>}
      </h2>
      {result.format_errors.length > 0 && <pre className="error">{result.format_errors.join('\n')}</pre>}
      {result.output && <pre>{result.output}</pre>}
      {result.tests.length > 0 && (
        <table>
          <thead><tr><th>Test</th><th>Result</th><th>Points</th><th>Feedback</th></tr></thead>
          <tbody>
            {result.tests.map((t, i) => (
              <tr key={i}>
                <td>{t.name}</td>
                <td><span className={`badge ${t.status}`}>{t.status}</span></td>
                <td>{t.score} / {t.max_score}</td>
                <td><pre style={{ margin: 0 }}>{t.output}</pre></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
