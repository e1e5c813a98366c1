import http from "node:http";
const EP = new URL(process.env.EP ?? "http://127.0.0.1:8123");
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function post(target: string, body: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: EP.hostname, port: EP.port, method: "POST", path: "/", agent, headers: { "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": `DynamoDB_20120810.${target}`, Authorization: "AWS4-HMAC-SHA256 Credential=local/20260101/ap-southeast-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00", "Content-Length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = []; res.on("data", (c) => chunks.push(c)); res.on("end", () => { const t = Buffer.concat(chunks).toString(); if (res.statusCode !== 200) reject(new Error(t)); else resolve(JSON.parse(t)); });
    });
    req.on("error", reject); req.end(body);
  });
}
const N = Number(process.argv[2] ?? 20000), C = Number(process.argv[3] ?? 8), OFF = Number(process.argv[4] ?? 100000);
let next = 0; const t = performance.now();
const now = new Date().toISOString();
async function worker() {
  while (next < N) {
    const start = next; next += 25;
    const items = [];
    for (let j = start; j < Math.min(N, start + 25); j++) { const i = j + OFF; items.push({ PutRequest: { Item: { pk: { S: `USER#m-${i}` }, sk: { S: "PROFILE" }, gsi1pk: { S: `MEMBERS#t-${Math.floor(i / 250)}` }, gsi1sk: { S: `nguyễn văn ${i}#m-${i}` }, id: { S: `m-${i}` }, phone: { S: `09${String(i).padStart(8, "0")}` }, fullName: { S: `Nguyễn Văn ${i}` }, roles: { L: [{ S: "member" }] }, unitId: { S: `t-${Math.floor(i / 250)}` }, active: { BOOL: true }, consent: { M: { at: { S: now }, policyVersion: { S: "2026-11" } } }, createdAt: { S: now }, passwordHash: { S: "scrypt$" + "x".repeat(100) } } } }); }
    let req: any = { kns: items };
    while (req && Object.keys(req).length) { const r = await post("BatchWriteItem", JSON.stringify({ RequestItems: req })); req = r.UnprocessedItems; }
  }
}
await Promise.all(Array.from({ length: C }, worker));
const s = (performance.now() - t) / 1000;
console.log(N, "items", s.toFixed(1), "s", (N / s).toFixed(0), "items/s");
