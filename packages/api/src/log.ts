/** The API writes through core's logger, so lines from core and from the API carry the same request id. */
export { log } from "@kns/core/log";
