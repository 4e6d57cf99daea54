import { useEffect, useState } from "react";

const utc = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const utcSeconds = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

let hydrated = false;

/**
 * A point in time. The server and the first browser render agree on UTC (so hydration matches); after that
 * the browser shows it in the reader's own time zone and locale.
 */
export function Time({ value, seconds = false }: { value: Date | string; seconds?: boolean }) {
  const date = new Date(value);
  const [local, setLocal] = useState(hydrated);
  useEffect(() => {
    hydrated = true;
    setLocal(true);
  }, []);
  // Seconds where events come seconds apart (collection runs), minutes elsewhere.
  const timeStyle = seconds ? "medium" : "short";
  const text = local ? date.toLocaleString(undefined, { dateStyle: "medium", timeStyle }) : `${(seconds ? utcSeconds : utc).format(date)} UTC`;
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {text}
    </time>
  );
}
