import '@mantine/charts/styles.css';
import { CompositeChart } from '@mantine/charts';
import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { api } from '../../api/client';
import type { Contact, EngagementWeek } from '../../api/types';
import { ErrorState, LoadingRows } from '../../components/states';
import { formatNumber, plural } from '../../lib/format';
import { useResource } from '../../lib/useResource';

const weekLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Engagements (bars) and points (line) per week over the last six months. */
export default function EngagementChart({ contact }: { contact: Contact }) {
  const resource = useResource(
    (signal) => api.get<{ weeks: EngagementWeek[] }>(`/api/v1/contacts/${contact.id}/engagement`, undefined, signal),
    [contact.id, contact.updated_at],
  );

  let body;
  if (resource.error && !resource.loading) body = <ErrorState error={resource.error} onRetry={resource.reload} title="The engagement could not be loaded" />;
  else if (!resource.data) body = <LoadingRows rows={3} />;
  else {
    const weeks = resource.data.weeks;
    const engagements = weeks.reduce((sum, w) => sum + w.engagements, 0);
    const points = weeks.reduce((sum, w) => sum + w.points, 0);
    const data = weeks.map((w) => ({ week: weekLabel.format(new Date(`${w.week}T00:00:00Z`)), Engagements: w.engagements, Points: w.points }));
    const busiest = weeks.reduce((best, w) => (w.engagements > best.engagements ? w : best), weeks[0]);
    body = (
      <Stack gap="xs">
        <Text size="sm" c="dimmed" data-testid="engagement-summary">
          {plural(engagements, 'engagement')} and {formatNumber(points)} {Math.abs(points) === 1 ? 'point' : 'points'} in the last {weeks.length} weeks
          {engagements > 0 && busiest ? `; busiest week: ${weekLabel.format(new Date(`${busiest.week}T00:00:00Z`))} (${formatNumber(busiest.engagements)})` : ''}
        </Text>
        <div role="img" aria-label={`Engagements and points per week: ${data.map((d) => `${d.week}: ${d.Engagements} engagements, ${d.Points} points`).join('; ')}`}>
          <CompositeChart
            h={200}
            data={data}
            dataKey="week"
            withLegend
            withRightYAxis
            rightYAxisLabel="Points"
            yAxisLabel="Engagements"
            maxBarWidth={18}
            curveType="monotone"
            withDots={false}
            tickLine="none"
            gridAxis="y"
            valueFormatter={(value) => formatNumber(value)}
            yAxisProps={{ allowDecimals: false, width: 48 }}
            rightYAxisProps={{ allowDecimals: false, width: 48 }}
            xAxisProps={{ interval: 3 }}
            series={[
              { name: 'Engagements', color: 'indigo.5', type: 'bar' },
              { name: 'Points', color: 'teal.6', type: 'line', yAxisId: 'right' },
            ]}
            data-testid="engagement-chart"
          />
        </div>
      </Stack>
    );
  }

  return (
    <Paper withBorder p="lg" mb="lg" data-testid="engagement">
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="md">Engagement</Title>
        <Text size="xs" c="dimmed">Per week, last 6 months</Text>
      </Group>
      {body}
    </Paper>
  );
}
