/** Structured JSON logs, one line each (CloudWatch parses them; locally they stay greppable). */
type Fields = Record<string, unknown>;

const quiet = process.env.LOG_LEVEL === "silent";

function write(level: "info" | "warn" | "error", event: string, fields: Fields) {
  if (quiet) return;
  const line = JSON.stringify({ level, event, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}

export const log = {
  info: (event: string, fields: Fields = {}) => write("info", event, fields),
  warn: (event: string, fields: Fields = {}) => write("warn", event, fields),
  error: (event: string, fields: Fields = {}) => write("error", event, fields),
};
