import { Seed } from "../../packages/core/src/seed";
import { Unit } from "../../packages/core/src/unit";

export const summary = "load the official map of provinces and communes (packages/core/data) [--force] [--file <path>]";

/**
 * Loads the official map into the stage, idempotently: a second run reads one marker item and stops; `--force`
 * compares every unit anyway. On the local stage the demo's units keep the ids `npm start` gives them, so the
 * two can run in either order.
 */
export async function run(args: string[]): Promise<void> {
  const fileAt = args.indexOf("--file");
  const file = fileAt >= 0 ? args[fileAt + 1] : undefined;
  if (fileAt >= 0 && !file) throw new Error("--file needs a path");
  const started = performance.now();
  const source = await Unit.readOfficialMap(file);
  const local = !process.env.TABLE_NAME || !!process.env.DYNAMODB_ENDPOINT;
  const result = await Unit.loadOfficialMap(source, { force: args.includes("--force"), ids: local ? Seed.DEMO_UNIT_IDS : undefined });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.skipped) {
    console.log(`Official map ${result.version} is loaded already: nothing to do (${seconds} s). Use --force to compare every unit.`);
    return;
  }
  console.log(
    `Official map ${result.version}: ${result.provinces} provinces, ${result.communes} communes; ` +
      `${result.created} units added, ${result.renamed} renamed, ${result.moved} moved, ${result.recoded} recoded (${seconds} s).`,
  );
}
