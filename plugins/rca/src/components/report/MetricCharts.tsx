import type { MetricSeries, RcaReport } from '@internal/plugin-rca-common';
import { Grid, Typography } from '@material-ui/core';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Section } from './Section';
import { hhmm } from './time';

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const clock = (s: number) => hhmm(new Date(s * 1000).toISOString());

/**
 * The change the series' onset lines up with: the one "What changed" marks, else the last change
 * on the timeline at or before the onset (a rollout, a config edit), else the first one.
 */
export function alignedChange(
  report: RcaReport,
  onset?: string,
): { at: string } | undefined {
  const aligned = report.changes?.find(c => c.aligned);
  if (aligned) return aligned;
  const changes = report.timeline.filter(e => e.kind === 'change');
  if (!onset) return changes[0];
  return changes.filter(c => c.at <= onset).pop() ?? changes[0];
}

function MetricChart(props: { report: RcaReport; series: MetricSeries }) {
  const { report, series } = props;
  const change = alignedChange(report, series.onset);
  const data = series.points.map(([t, v]) => ({ t, v }));
  return (
    <div data-testid="rca-metric-chart">
      <Typography
        variant="subtitle2"
        component="h4"
        style={{ overflowWrap: 'anywhere' }}
      >
        {series.title} · {series.object} ({series.evidence})
      </Typography>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart
          data={data}
          margin={{ top: 16, right: 24, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[seconds(report.window.from), seconds(report.window.to)]}
            allowDataOverflow
            tickFormatter={clock}
            minTickGap={24}
          />
          <YAxis width={48} allowDecimals />
          <Tooltip labelFormatter={l => `${clock(Number(l))} UTC`} />
          <Line
            type="stepAfter"
            dataKey="v"
            name={series.title}
            stroke="#1f5493"
            dot={false}
            isAnimationActive={false}
          />
          {change ? (
            <ReferenceLine
              x={seconds(change.at)}
              stroke="#7b1fa2"
              strokeDasharray="4 2"
              label={{
                value: `change ${hhmm(change.at)}`,
                position: 'insideBottomLeft',
                fill: '#7b1fa2',
                fontSize: 12,
              }}
            />
          ) : null}
          {series.onset ? (
            <ReferenceLine
              x={seconds(series.onset)}
              stroke="#c62828"
              label={{
                value: `onset ${hhmm(series.onset)}`,
                position: 'insideTopLeft',
                fill: '#c62828',
                fontSize: 12,
              }}
            />
          ) : null}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A small chart per changed metric, the onset and the change it lines up with marked. */
export function MetricCharts(props: { report: RcaReport }) {
  const { report } = props;
  if (!report.series?.length) return null;
  return (
    <Section title="Metrics that changed" testId="rca-metrics">
      <Grid container spacing={2}>
        {report.series.map(s => (
          <Grid item xs={12} md={6} key={s.evidence}>
            <MetricChart report={report} series={s} />
          </Grid>
        ))}
      </Grid>
    </Section>
  );
}
