import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import { mockClient, type AwsStub } from "aws-sdk-client-mock";
import { db } from "../../packages/core/src/db/client";

/**
 * Faults DynamoDB Local cannot produce, injected with aws-sdk-client-mock on core's real client: the chosen
 * commands fail, every other command goes through to DynamoDB Local unchanged.
 */
export type Fault = () => Error;

/** An SDK error by its name, shaped as the SDK throws it. */
export const fault =
  (name: string, extra: Record<string, unknown> = {}): Fault =>
  () =>
    Object.assign(new Error(name), { name, $metadata: {}, ...extra });

/**
 * Fails the next `times` calls of `command` (only those matching `when`, if given) with `make`. Returns the stub:
 * the caller restores it (`stub.restore()`) when the fault has done its work.
 */
export function injectFault(command: unknown, make: Fault, times = 1, when: (input: any) => boolean = () => true): AwsStub<any, any, any> {
  const { doc } = db();
  const realSend = doc.send.bind(doc) as (cmd: unknown) => Promise<unknown>;
  const stub = mockClient(doc as DynamoDBDocumentClient);
  let left = times;
  for (const Command of [BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, UpdateCommand, DeleteCommand, QueryCommand, TransactWriteCommand] as (new (
    input: any,
  ) => unknown)[]) {
    stub.on(Command as never).callsFake(async (input: any) => {
      if (Command === command && left > 0 && when(input)) {
        left--;
        throw make();
      }
      return realSend(new Command(input));
    });
  }
  return stub;
}
