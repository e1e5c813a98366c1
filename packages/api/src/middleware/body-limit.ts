import { VisibleError, type ErrorCode } from "@kns/core/error";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";

/**
 * Refuses a body larger than `maxSize` bytes before it is read: 413, answered by the one error map (error.ts).
 * The status travels on the HTTPException; the code and message a client acts on, on its cause.
 */
export function limitBody(maxSize: number, code: ErrorCode, message: string) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new HTTPException(413, { message, cause: new VisibleError(code, message) });
    },
  });
}
