import { step, waitForCondition, waitStrategy, workflow } from "durable-gen";

export interface ExportRequest {
  dataset: string;
  /** How many status checks the (simulated) export service needs before the file is ready. */
  checksUntilReady: number;
}

interface ExportStatus {
  jobId: string;
  state: "QUEUED" | "RUNNING" | "DONE";
  progress: number;
  url?: string;
}

/**
 * A stand-in for an external export API that runs jobs on its own and is polled for their status. Replace it with
 * your service's client; the workflow does not change.
 */
export const exportService = {
  jobs: new Map<string, { checks: number; checksUntilReady: number }>(),
  start(dataset: string, checksUntilReady: number): string {
    const jobId = `exp-${dataset}-${this.jobs.size + 1}`;
    this.jobs.set(jobId, { checks: 0, checksUntilReady });
    return jobId;
  },
  status(jobId: string): ExportStatus {
    const job = this.jobs.get(jobId);
    if (job === undefined) throw new Error(`unknown export job ${jobId}`);
    job.checks++;
    if (job.checks >= job.checksUntilReady) return { jobId, state: "DONE", progress: 100, url: `https://exports.example.com/${jobId}.csv` };
    return { jobId, state: job.checks === 1 ? "QUEUED" : "RUNNING", progress: Math.round((100 * job.checks) / job.checksUntilReady) };
  },
};

/**
 * Start a data export, poll it until it is done (10 s, then 1.5 times longer each check, at most 2 minutes
 * apart, at most 20 checks), then hand out the file. The function is not running between checks.
 */
export const exportWorkflow = workflow("export", function* (request: ExportRequest) {
  const jobId = yield* step("start-export", () => exportService.start(request.dataset, request.checksUntilReady));
  const done = yield* waitForCondition("until-exported", (status: ExportStatus) => exportService.status(status.jobId), {
    initialState: { jobId, state: "QUEUED", progress: 0 },
    wait: waitStrategy({ until: (status) => status.state === "DONE", initialDelay: 10, backoffRate: 1.5, maxDelay: { minutes: 2 }, maxAttempts: 20, jitter: "none" }),
  });
  return yield* step("share-link", () => ({ dataset: request.dataset, url: done.url!, expiresInDays: 7 }));
});
