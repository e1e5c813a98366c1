import { db } from "@kns/core/db/client";

/**
 * Every DynamoDB read's input while `run` runs (commands go to DynamoDB Local unchanged). Named as the document
 * client's commands or the ones it sends in turn (GetCommand → GetItemCommand).
 */
export async function recordReads<T>(run: () => Promise<T>): Promise<{ value: T; inputs: string[] }> {
  const { doc } = db();
  const inputs: string[] = [];
  const name = "record-reads";
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (/^(GetItem|BatchGetItem|Query|Scan|Get|BatchGet)Command$/.test(context.commandName ?? "")) inputs.push(JSON.stringify(args.input));
      return next(args);
    },
    { step: "initialize", name },
  );
  try {
    return { value: await run(), inputs };
  } finally {
    doc.middlewareStack.remove(name);
  }
}
