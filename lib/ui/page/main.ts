/// <reference lib="dom" />
// The page: #/ lists the executions, #/execution/<ARN> shows one; both redraw when the live feed says their
// executions changed.
import { readExecution, readExecutions } from "./api";
import { executionView } from "./execution-view";
import { serviceNow, took } from "./format";
import { listView, type View } from "./list-view";

const main = document.getElementById("main")!;
const live = document.getElementById("live")!;
let view: View | undefined;
let refreshing = false;
let again = false;

const open = (arn: string) => {
  location.hash = `#/execution/${encodeURIComponent(arn)}`;
};

function route(): void {
  const match = /^#\/execution\/(.+)$/.exec(location.hash);
  view = match === null ? listView(readExecutions, open) : executionView(decodeURIComponent(match[1]!), readExecution, open);
  main.replaceChildren(view.element);
  main.focus({ preventScroll: true });
  void refresh();
}

/** One read at a time; a change during a read asks for one more. */
async function refresh(): Promise<void> {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  try {
    await view?.refresh();
    main.classList.remove("unreachable");
  } catch (error) {
    live.textContent = (error as Error).message;
    main.classList.add("unreachable");
  } finally {
    refreshing = false;
    if (again) {
      again = false;
      void refresh();
    }
  }
}

const feed = new EventSource("/ui/events");
feed.addEventListener("open", () => {
  live.textContent = "live";
  live.className = "live on";
  void refresh();
});
feed.addEventListener("error", () => {
  live.textContent = "reconnecting…";
  live.className = "live";
});
feed.addEventListener("change", (event) => {
  const { arns } = JSON.parse((event as MessageEvent<string>).data) as { arns: string[] };
  if (view?.concerns(arns)) void refresh();
});

// Durations of what is still running move on between changes.
setInterval(() => {
  for (const cell of document.querySelectorAll<HTMLElement>("[data-since]")) cell.textContent = took(serviceNow() - Number(cell.dataset.since));
}, 1000);

window.addEventListener("hashchange", route);
route();
