process.env.DYNAMODB_ENDPOINT = "http://127.0.0.1:8123"; process.env.TABLE_NAME = "kns";
const { db } = await import("../../../packages/core/src/db/client.ts");
const { PutCommand, GetCommand, TransactWriteCommand, QueryCommand, UpdateCommand } = await import("@aws-sdk/lib-dynamodb");
const { doc } = db();
console.log((await doc.send(new PutCommand({ TableName: "kns", Item: { pk: "a", sk: "b", x: "y".repeat(3000), gsi1pk: "g", gsi1sk: "h" }, ReturnConsumedCapacity: "INDEXES" }))).ConsumedCapacity);
console.log((await doc.send(new GetCommand({ TableName: "kns", Key: { pk: "a", sk: "b" }, ReturnConsumedCapacity: "TOTAL" }))).ConsumedCapacity);
console.log((await doc.send(new GetCommand({ TableName: "kns", Key: { pk: "a", sk: "b" }, ConsistentRead: true, ReturnConsumedCapacity: "TOTAL" }))).ConsumedCapacity);
console.log((await doc.send(new UpdateCommand({ TableName: "kns", Key: { pk: "a", sk: "b" }, UpdateExpression: "SET z = :z", ExpressionAttributeValues: { ":z": 1 }, ReturnConsumedCapacity: "INDEXES" }))).ConsumedCapacity);
console.log(JSON.stringify((await doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: "kns", Item: { pk: "a", sk: "c", x: "y".repeat(1500) } } }, { Update: { TableName: "kns", Key: { pk: "a", sk: "b" }, UpdateExpression: "SET z = :z", ExpressionAttributeValues: { ":z": 2 } } }], ReturnConsumedCapacity: "INDEXES" }))).ConsumedCapacity));
console.log((await doc.send(new QueryCommand({ TableName: "kns", KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": "a" }, ReturnConsumedCapacity: "TOTAL" }))).ConsumedCapacity);
console.log((await doc.send(new QueryCommand({ TableName: "kns", IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :p", ExpressionAttributeValues: { ":p": "g" }, ReturnConsumedCapacity: "INDEXES" }))).ConsumedCapacity);
// raw http without a valid signature
const res = await fetch("http://127.0.0.1:8123/", { method: "POST", headers: { "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.GetItem", Authorization: "AWS4-HMAC-SHA256 Credential=local/20260101/ap-southeast-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00" }, body: JSON.stringify({ TableName: "kns", Key: { pk: { S: "a" }, sk: { S: "c" } } }) });
console.log(res.status, (await res.text()).slice(0, 100));
