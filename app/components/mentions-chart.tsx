import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ChartPoint {
  day: string;
  positive: number;
  neutral: number;
  negative: number;
}

export interface ChartIncident {
  id: number;
  from: string;
  to: string;
  kind: string;
}

/**
 * Incidents clipped to the days the chart shows: the x axis is a list of days, so an incident that began
 * before the first of them would otherwise not be drawn at all.
 */
export function visibleIncidents(data: ChartPoint[], incidents: ChartIncident[]): ChartIncident[] {
  const first = data[0]?.day;
  const last = data.at(-1)?.day;
  if (!first || !last) return [];
  return incidents
    .filter((i) => i.to >= first && i.from <= last)
    .map((i) => ({ ...i, from: i.from < first ? first : i.from, to: i.to > last ? last : i.to }));
}

/** recharts draws only in the browser, so the server sends a sized placeholder and the chart fills it after hydration. */
export function MentionsChart({ data, incidents }: { data: ChartPoint[]; incidents: ChartIncident[] }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <div className="chart" data-testid="mentions-chart">
      {mounted ? (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} />
            <Tooltip />
            <Legend />
            {visibleIncidents(data, incidents).map((incident) => (
              <ReferenceArea
                key={incident.id}
                x1={incident.from}
                x2={incident.to}
                fill="#d64545"
                fillOpacity={0.22}
                stroke="#b83232"
                strokeOpacity={0.7}
                strokeDasharray="4 3"
                label={{ value: incident.kind === "drop" ? "⚠ sentiment drop" : "⚠ surge", position: "insideTopRight", fontSize: 12, fontWeight: 600, fill: "#8f2424" }}
              />
            ))}
            <Bar dataKey="negative" stackId="label" fill="#d64545" name="Negative" isAnimationActive={false} />
            <Bar dataKey="neutral" stackId="label" fill="#9aa5b1" name="Neutral" isAnimationActive={false} />
            <Bar dataKey="positive" stackId="label" fill="#2e9d5b" name="Positive" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      ) : null}
    </div>
  );
}
