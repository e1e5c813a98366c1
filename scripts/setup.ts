// `npm run setup -- <command> [...args]`: one-off set-up steps for a stage (see docs/operations.md). Each command
// is a module scripts/setup/<command>.ts exporting `run(args)` (and a one-line `summary`); this file finds it,
// connects to the stage's table (./setup/stage.ts), runs it and disconnects.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { connectStage } from "./setup/stage";

export interface SetupCommand {
  /** One line for the list of commands. */
  summary: string;
  run(args: string[]): Promise<void>;
}

const folder = fileURLToPath(new URL("./setup/", import.meta.url));
/** Every module in scripts/setup except the stage helper is a command. */
const commands = readdirSync(folder)
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "stage.ts")
  .map((file) => file.slice(0, -3))
  .sort();

async function usage(): Promise<string> {
  const lines = await Promise.all(
    commands.map(async (name) => {
      const command = (await import(`./setup/${name}.ts`)) as Partial<SetupCommand>;
      return `  ${name.padEnd(16)} ${command.summary ?? ""}`;
    }),
  );
  return [
    "Usage: npm run setup -- <command> [...args]",
    "",
    "Commands:",
    ...lines,
    "",
    "The stage: TABLE_NAME (+ AWS credentials and AWS_REGION) for a deployed table; otherwise the local one under",
    "DATA_DIR (default .data), through the running `npm start` or a DynamoDB Local started for the command.",
  ].join("\n");
}

const [name, ...args] = process.argv.slice(2);
if (!name || !commands.includes(name)) {
  if (name && !["help", "--help", "-h"].includes(name)) console.error(`Unknown command: ${name}\n`);
  console.error(await usage());
  process.exit(name && !["help", "--help", "-h"].includes(name) ? 2 : 0);
}

const command = (await import(`./setup/${name}.ts`)) as SetupCommand;
const stage = await connectStage();
let failed = false;
try {
  console.log(`Stage: ${stage.description}`);
  await command.run(args);
} catch (err) {
  failed = true;
  console.error(err instanceof Error ? err.message : err);
} finally {
  await stage.disconnect();
}
process.exit(failed ? 1 : 0);
