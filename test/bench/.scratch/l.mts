import { lambda } from "../lambda.ts";
console.log(JSON.stringify(await lambda(5), null, 1));
