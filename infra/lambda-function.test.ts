import { Stack } from "aws-cdk-lib";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { describe, expect, it } from "vitest";
import { NodeFunction } from "./lambda-function";
import { asArray, referencedIds, statementsOfRole, synthStack, TRACING_ACTIONS, type CfnResource } from "./testing";

const { stack, template } = synthStack("prod");
const json = template.toJSON();
/** Every function of ours (each is a NodeFunction), found by construct, so one added later is checked too. */
const ours = stack.node
  .findAll()
  .filter((c): c is NodeFunction => c instanceof NodeFunction)
  .map((c) => ({ path: c.node.path, id: Stack.of(c).getLogicalId(c.function.node.defaultChild as CfnFunction) }));

describe("every function of the project", () => {
  it("is the API, the worker and the signing-keys generator", () => {
    expect(ours.map((f) => f.path.split("/").slice(-2).join("/")).sort()).toEqual(["Api/Handler", "Api/SigningKeys", "Jobs/Worker"]);
  });

  it.each(ours)("$path runs Node.js 24 on arm64 with X-Ray active tracing", ({ id }) => {
    const fn = json.Resources[id] as CfnResource;
    expect(fn.Properties).toMatchObject({ Runtime: "nodejs24.x", Architectures: ["arm64"], TracingConfig: { Mode: "Active" } });
  });

  it.each(ours)("$path may send its trace segments to X-Ray, and nothing more on '*'", ({ id }) => {
    const roleId = [...referencedIds((json.Resources[id] as CfnResource).Properties!.Role)][0]!;
    const everywhere = statementsOfRole(template, roleId).filter((s) => asArray(s.Resource).includes("*"));
    expect(everywhere).toEqual([expect.objectContaining({ Effect: "Allow", Resource: "*" })]);
    expect(new Set(asArray(everywhere[0]!.Action))).toEqual(new Set(TRACING_ACTIONS));
  });
});
