import type { DiagnosticsEvent } from '@rnnlab/contracts';
import type { DiagnosticsOverlayRun } from '@/lib/data';
import { fmt, fmtGroup } from '@/lib/format';
import { colorOf } from '../charts/colors';
import { LineChart, type ChartLine } from '../charts/line-chart';

const t = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * ‖∂L/∂h_t‖ against t for every cell of the experiment (same seed where there is one), early in
 * training (dashed) and at the latest diagnostics (solid), on a log axis: the RNN's gradient dies
 * away from the last step; the gated cells' does not.
 */
export function GradientOverlay({ runs, groups }: { runs: DiagnosticsOverlayRun[]; groups: string[] }) {
  const lines: ChartLine[] = [];
  for (const r of runs) {
    const color = colorOf(r.group, groups);
    if (r.early && r.late && r.early.step !== r.late.step) lines.push({ label: `${r.group} step ${r.early.step}`, color, x: t(r.early.dhNorms.length), y: r.early.dhNorms, dash: [5, 4], width: 1.5 });
    if (r.late) lines.push({ label: `${r.group} step ${r.late.step}`, color, x: t(r.late.dhNorms.length), y: r.late.dhNorms, width: 2.5 });
  }
  if (lines.length === 0) return <p className="muted">No diagnostics yet (they are taken every train.diagEvery steps).</p>;
  const ratios = runs.filter((r) => r.late?.dhRatio !== null && r.late?.dhRatio !== undefined);
  return (
    <>
      <LineChart lines={lines} xLabel="time step t" yLabel="‖∂L/∂h_t‖ (log)" logY testId="gradient-overlay" />
      <p className="explain" data-testid="gradient-explain">
        How much of the loss&apos;s gradient reaches each time step. The loss is read at the last step; a flat line means step 1 still gets a useful signal, a line that
        falls to the left means the signal vanishes before it gets back there — the reason a vanilla RNN cannot learn long dependencies and gated cells can.{' '}
        {ratios.length > 0 &&
          `‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ at the latest diagnostics: ${ratios.map((r) => `${fmtGroup(r.group)} ${fmt(r.late?.dhRatio ?? null)}`).join(', ')}.`}
      </p>
    </>
  );
}

/** σ_max of each gate's W_hh block (top layer) over training; above 1 can explode, below 1 vanishes. */
export function SpectralChart({ diagnostics }: { diagnostics: DiagnosticsEvent[] }) {
  if (diagnostics.length === 0) return null;
  const top = (d: DiagnosticsEvent) => d.layers[d.layers.length - 1];
  const gates = Object.keys(top(diagnostics[0]).whhGateSpectralNorms);
  const palette = ['#9467bd', '#ff7f0e', '#17becf', '#8c564b'];
  const lines: ChartLine[] = gates.map((g, i) => ({
    label: `σmax(W_h${g})`,
    color: palette[i % palette.length],
    x: diagnostics.map((d) => d.step),
    y: diagnostics.map((d) => top(d).whhGateSpectralNorms[g]),
    width: 2,
  }));
  lines.push({ label: '1', color: '#999', x: diagnostics.map((d) => d.step), y: diagnostics.map(() => 1), dash: [2, 3], width: 1 });
  return <LineChart lines={lines} xLabel="step" yLabel="largest singular value" height={220} testId="spectral-chart" />;
}

/** Fraction of saturated gate activations, gate × diagnostics step (top layer): a gate stuck open or shut. */
export function SaturationHeatmap({ diagnostics }: { diagnostics: DiagnosticsEvent[] }) {
  if (diagnostics.length === 0) return null;
  const top = (d: DiagnosticsEvent) => d.layers[d.layers.length - 1];
  const gates = Object.keys(top(diagnostics[0]).saturation);
  const shown = diagnostics.length > 16 ? diagnostics.filter((_, i) => i % Math.ceil(diagnostics.length / 16) === 0 || i === diagnostics.length - 1) : diagnostics;
  return (
    <table className="heatmap" data-testid="saturation-heatmap">
      <thead>
        <tr>
          <th>gate \ step</th>
          {shown.map((d) => (
            <th key={d.step} className="num">
              {d.step}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {gates.map((g) => (
          <tr key={g}>
            <th>{g}</th>
            {shown.map((d) => {
              const v = top(d).saturation[g] ?? 0;
              return (
                <td key={d.step} style={{ background: `rgba(214, 39, 40, ${Math.min(1, v)})`, color: v > 0.5 ? '#fff' : '#333' }} title={`${g} at step ${d.step}: ${(v * 100).toFixed(1)}% saturated`}>
                  {(v * 100).toFixed(0)}%
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
