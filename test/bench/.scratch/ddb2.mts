import { startDynamoLocal, ensureTable, localClient } from "../../../packages/api/src/local/dynamodb-local";
const d = await startDynamoLocal({ port: 8124, dataDir: "/dev/shm/benchx-data" });
await ensureTable(localClient(d.endpoint), "kns");
console.log("up", d.endpoint);
process.on("SIGTERM", async () => { await d.stop(); process.exit(0); });
setInterval(() => {}, 1e6);
