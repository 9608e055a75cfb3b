/** A moment as the local time of day, with the date when it is not today. */
export function clock(ms: number | undefined): string {
  if (ms === undefined) return "";
  const date = new Date(ms);
  const time = date.toLocaleTimeString(undefined, { hour12: false, hour: "2-digit", minute: "2-digit", second: "2-digit" }) + `.${String(date.getMilliseconds()).padStart(3, "0")}`;
  return date.toDateString() === new Date().toDateString() ? time : `${date.toLocaleDateString()} ${time}`;
}

let ahead = 0;

/** Sets the service's clock, as a read just gave it: durations of what runs are taken on it, not on the wall clock. */
export function serviceTimeIs(now: number): void {
  ahead = now - Date.now();
}

export function serviceNow(): number {
  return Date.now() + ahead;
}

export function took(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** Time since `from`, as +hh:mm:ss.mmm. */
export function offset(from: number, at: number): string {
  const ms = at - from;
  const pad = (value: number, size = 2) => String(value).padStart(size, "0");
  const seconds = Math.floor(ms / 1000);
  return `+${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}.${pad(ms % 1000, 3)}`;
}

/** A JSON payload indented when it parses, as it is otherwise. */
export function pretty(payload: string | undefined): string {
  if (payload === undefined) return "";
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

export function statusClass(status: string): string {
  return `status ${status.toLowerCase()}`;
}
