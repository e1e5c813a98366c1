process.env.DYNAMODB_ENDPOINT = process.env.EP ?? "http://127.0.0.1:8123"; process.env.TABLE_NAME = "kns";
const { db } = await import("../../../packages/core/src/db/client.ts");
const { BatchWriteCommand } = await import("@aws-sdk/lib-dynamodb");
const { doc } = db();
const N = Number(process.argv[2] ?? 20000), C = Number(process.argv[3] ?? 8);
let next = 0; const t = performance.now();
async function worker() {
  while (next < N) {
    const start = next; next += 25;
    const items = [];
    for (let i = start; i < Math.min(N, start + 25); i++) items.push({ PutRequest: { Item: { pk: `USER#m-${i}`, sk: "PROFILE", gsi1pk: `MEMBERS#t-${Math.floor(i / 250)}`, gsi1sk: `nguyễn văn ${i}#m-${i}`, id: `m-${i}`, phone: `09${String(i).padStart(8, "0")}`, fullName: `Nguyễn Văn ${i}`, roles: ["member"], unitId: `t-${Math.floor(i/250)}`, active: true, consent: { at: new Date().toISOString(), policyVersion: "2026-11" }, createdAt: new Date().toISOString(), passwordHash: "scrypt$" + "x".repeat(100) } } });
    let req: any = { kns: items };
    while (req && Object.keys(req).length) { const r = await doc.send(new BatchWriteCommand({ RequestItems: req })); req = r.UnprocessedItems; }
  }
}
await Promise.all(Array.from({ length: C }, worker));
const s = (performance.now() - t) / 1000;
console.log(N, "items", s.toFixed(1), "s", (N / s).toFixed(0), "items/s");
