import type { SourceKind } from "~/db/schema";
import { feedCollector } from "./feed";
import { schemaCollector } from "./schema";
import { selectorsCollector } from "./selectors";
import type { Collector } from "./types";

const collectors = new Map<SourceKind, Collector<any>>([
  [feedCollector.kind, feedCollector],
  [schemaCollector.kind, schemaCollector],
  [selectorsCollector.kind, selectorsCollector],
]);

export function getCollector(kind: SourceKind): Collector<any> {
  const collector = collectors.get(kind);
  if (!collector) {
    throw new Error(`no collector for source kind "${kind}"; expected one of: ${[...collectors.keys()].join(", ")}`);
  }
  return collector;
}

export function listCollectors(): Collector<any>[] {
  return [...collectors.values()];
}
