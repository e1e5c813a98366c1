import { accessSync, constants, statfsSync } from "node:fs";
import { tmpdir } from "node:os";

/**
 * DATA_DIR goes on tmpfs (/dev/shm) when there is one with room. DynamoDB Local keeps the server's table in
 * SQLite files there, and on disk every write waits for the disk: ~3× slower (test/bench/server.ts measured it),
 * for each write the tests make and for the whole official map (thousands of units) that a fresh server loads in
 * the background while they run. Used by the e2e server (./e2e-server.ts) and by the server that
 * test/api/restart.int.test.ts kills. A run's data is a few MB, but Chromium shares memory through /dev/shm too,
 * so a small one (Docker's default is 64 MB) is passed over.
 */
export function dataRoot(): string {
  try {
    accessSync("/dev/shm", constants.W_OK);
    const fs = statfsSync("/dev/shm");
    if (fs.bavail * fs.bsize >= 256 * 1024 * 1024) return "/dev/shm";
  } catch {
    // No tmpfs here (macOS, Windows): the system's temporary directory.
  }
  return tmpdir();
}
