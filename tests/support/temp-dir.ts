import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

// Removed when the test process exits, passed or failed, so a run of the suite leaves nothing in the temp folder.
process.on("exit", () => {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A folder still in use (a mount point a failed test left mounted) stays for the OS to clear.
    }
  }
});

/** A new folder under the OS's temp folder, removed when this process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
