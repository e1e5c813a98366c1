import { Hono } from "hono"; import { handle } from "hono/aws-lambda"; export const h = handle(new Hono());
