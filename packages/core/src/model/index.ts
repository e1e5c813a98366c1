/**
 * The runtime-free model: facts the server and the web app must agree on, with no zod, Node or AWS imports, so
 * the browser can import them freely (`@kns/core/model`). Core's schemas and rules are built from these.
 */

/**
 * The learning outbox's limits. A request carries at most `eventsPerRequest` lesson completions; a learner may
 * send `eventsPerMinute` a minute. A learner back from a month offline (12 courses of 20 lessons is 240
 * completions) syncs in 5 requests within the first minute.
 */
export const PROGRESS_LIMITS = { eventsPerRequest: 50, eventsPerMinute: 300 } as const;
