import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

/**
 * The GitHub Actions setup (.github/workflows, renovate.json) is checked here because nothing else runs it before
 * it runs for real: each workflow parses, has its required jobs, pins every action, gets AWS credentials only through
 * OIDC, and deploys prod only from a tag in the approved `prod` environment. `problems()` returns what is wrong, so
 * the tests at the end can show that a removed workflow or an added access key is caught.
 */
const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
const DIR = join(ROOT, ".github/workflows");
export const REQUIRED_WORKFLOWS = ["ci.yml", "deploy.yml"];

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; name?: string; env?: Record<string, unknown> };
type Job = {
  name?: string;
  if?: string;
  "runs-on"?: unknown;
  uses?: string;
  "timeout-minutes"?: number;
  permissions?: Record<string, string> | string;
  environment?: string | { name: string };
  concurrency?: { group: string; "cancel-in-progress"?: boolean } | string;
  container?: unknown;
  steps?: Step[];
};
type Workflow = { name?: string; on?: any; permissions?: Record<string, string> | string; jobs?: Record<string, Job> };

const AWS_ACTION = "aws-actions/configure-aws-credentials";
/** Long-lived credentials, in any spelling, in keys, values or comments. */
const LONG_LIVED = [/aws[-_]access[-_]key[-_]id/i, /aws[-_]secret[-_]access[-_]key/i, /aws[-_]session[-_]token/i, /\bAKIA[0-9A-Z]{16}\b/, /secrets\.AWS_/i];

function load(name: string): { text: string; wf: Workflow } {
  const text = readFileSync(join(DIR, name), "utf8");
  return { text, wf: parse(text) as Workflow };
}

function workflowFiles() {
  return existsSync(DIR) ? readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)) : [];
}

/** Files missing from .github/workflows. */
export function missingWorkflows(present: string[]) {
  return REQUIRED_WORKFLOWS.filter((f) => !present.includes(f));
}

const jobsOf = (wf: Workflow) => Object.entries(wf.jobs ?? {});
const stepsOf = (job: Job) => job.steps ?? [];
const awsSteps = (job: Job) => stepsOf(job).filter((s) => s.uses?.startsWith(`${AWS_ACTION}@`));
const envName = (job: Job) => (typeof job.environment === "string" ? job.environment : job.environment?.name);
const permission = (wf: Workflow, job: Job, scope: string) => {
  const p = job.permissions ?? wf.permissions;
  return typeof p === "string" ? p : p?.[scope];
};
const runs = (job: Job, pattern: RegExp) => stepsOf(job).some((s) => typeof s.run === "string" && pattern.test(s.run));

/** Everything wrong with one workflow that every workflow must get right. */
export function problems(name: string, text: string): string[] {
  const out: string[] = [];
  let wf: Workflow;
  try {
    wf = parse(text) as Workflow;
  } catch (e) {
    return [`${name}: does not parse: ${(e as Error).message}`];
  }
  if (!wf || typeof wf !== "object") return [`${name}: not a mapping`];
  if (!wf.on) out.push(`${name}: no \`on\``);
  if (!wf.jobs || Object.keys(wf.jobs).length === 0) out.push(`${name}: no jobs`);
  if (!wf.permissions) out.push(`${name}: no workflow-level \`permissions\` (the default token would be read-write)`);
  if (typeof wf.permissions === "string" && wf.permissions !== "read-all") out.push(`${name}: permissions: ${wf.permissions}`);

  for (const pattern of LONG_LIVED) if (pattern.test(text)) out.push(`${name}: long-lived AWS credentials (${pattern})`);

  // Every `uses:` pinned: a full commit SHA with its version in a comment, or a version tag; never a branch.
  for (const [lineNo, line] of text.split("\n").entries()) {
    const m = line.match(/^\s*(?:-\s+)?uses:\s*["']?([^\s"'#]+)["']?\s*(#.*)?$/);
    if (!m) continue;
    const [, ref, comment] = m;
    if (ref!.startsWith("./")) continue;
    if (ref!.startsWith("docker://")) {
      if (!/@sha256:[0-9a-f]{64}$|:[\w.-]*\d[\w.-]*$/.test(ref!)) out.push(`${name}:${lineNo + 1}: docker image not pinned: ${ref}`);
      continue;
    }
    const at = ref!.lastIndexOf("@");
    const version = at > 0 ? ref!.slice(at + 1) : "";
    if (/^[0-9a-f]{40}$/.test(version)) {
      if (!comment || !/#\s*v?\d+(\.\d+){0,2}\b/.test(comment)) out.push(`${name}:${lineNo + 1}: ${ref} pinned by SHA without a "# vX.Y.Z" comment`);
    } else if (!/^v?\d+(\.\d+){0,2}$/.test(version)) {
      out.push(`${name}:${lineNo + 1}: ${ref} is not pinned to a version tag or commit SHA`);
    }
  }

  for (const [id, job] of jobsOf(wf)) {
    if (job.uses) continue; // a reusable workflow: its own file is checked
    if (!job["runs-on"]) out.push(`${name}/${id}: no runs-on`);
    if (!job["timeout-minutes"]) out.push(`${name}/${id}: no timeout-minutes (GitHub's default is 6 hours)`);
    if (stepsOf(job).length === 0) out.push(`${name}/${id}: no steps`);
    for (const [i, step] of stepsOf(job).entries()) {
      if (!step.uses === !step.run) out.push(`${name}/${id}/step ${i + 1}: needs exactly one of uses/run`);
    }
    for (const step of awsSteps(job)) {
      const w = step.with ?? {};
      if (permission(wf, job, "id-token") !== "write") out.push(`${name}/${id}: configures AWS credentials without \`id-token: write\``);
      if (!/^\$\{\{\s*vars\.AWS_(DEPLOY|DIFF)_ROLE_ARN\s*\}\}$/.test(String(w["role-to-assume"])))
        out.push(`${name}/${id}: role-to-assume must be vars.AWS_DEPLOY_ROLE_ARN or vars.AWS_DIFF_ROLE_ARN`);
      if (!/^\$\{\{\s*vars\.AWS_REGION\s*\}\}$/.test(String(w["aws-region"]))) out.push(`${name}/${id}: aws-region must come from vars.AWS_REGION`);
      for (const key of Object.keys(w)) if (/key|secret|token/i.test(key)) out.push(`${name}/${id}: ${AWS_ACTION} with ${key}`);
    }
    if (runs(job, /\bsst\s+deploy\b/)) {
      const roles = awsSteps(job).map((s) => String(s.with?.["role-to-assume"]));
      if (roles.length !== 1 || !roles[0]!.includes("AWS_DEPLOY_ROLE_ARN")) out.push(`${name}/${id}: deploys without the deploy role`);
    }
    if (awsSteps(job).some((s) => String(s.with?.["role-to-assume"]).includes("AWS_DIFF_ROLE_ARN")) && runs(job, /\bsst\s+deploy\b/))
      out.push(`${name}/${id}: deploys with the read-only diff role`);
  }
  return out;
}

/** What deploy.yml must get right beyond the common rules. */
export function deployProblems(text: string): string[] {
  const out: string[] = [];
  const wf = parse(text) as Workflow;
  const triggers = Object.keys(wf.on ?? {});
  if (triggers.join() !== "push") out.push(`deploy.yml: triggers ${triggers.join(", ")}, want push only`);
  if (JSON.stringify(wf.on?.push?.branches) !== '["main"]') out.push("deploy.yml: push branches must be [main]");
  if (JSON.stringify(wf.on?.push?.tags) !== '["v*"]') out.push('deploy.yml: push tags must be ["v*"]');

  const deployJobs = jobsOf(wf).filter(([, job]) => runs(job, /\bsst\s+deploy\b/));
  const stages = (job: Job) => stepsOf(job).flatMap((s) => [...(s.run ?? "").matchAll(/\bsst\s+deploy\b[^\n]*--stage[= ](\S+)/g)].map((m) => m[1]!));
  const byStage = (stage: string) => deployJobs.filter(([, job]) => stages(job).includes(stage));
  for (const [id, job] of deployJobs) {
    if (stages(job).length !== 1) out.push(`deploy.yml/${id}: every sst deploy names exactly one --stage`);
    const group = typeof job.concurrency === "string" ? job.concurrency : job.concurrency?.group;
    if (!group?.includes(stages(job)[0] ?? "?")) out.push(`deploy.yml/${id}: needs a concurrency group per stage`);
    if (typeof job.concurrency === "object" && job.concurrency["cancel-in-progress"] !== false) out.push(`deploy.yml/${id}: a deploy must not be cancelled`);
    if (permission(wf, job, "id-token") !== "write") out.push(`deploy.yml/${id}: no id-token: write`);
  }
  const dev = byStage("dev");
  const prod = byStage("prod");
  if (dev.length !== 1) out.push("deploy.yml: want exactly one job deploying dev");
  if (prod.length !== 1) out.push("deploy.yml: want exactly one job deploying prod");
  for (const [id, job] of dev) {
    if (job.if?.replace(/\s+/g, " ") !== "github.ref == 'refs/heads/main'") out.push(`deploy.yml/${id}: dev deploys only from main`);
    if (job.environment) out.push(`deploy.yml/${id}: an environment changes the OIDC subject, which the deploy role would not trust`);
  }
  for (const [id, job] of prod) {
    if (envName(job) !== "prod") out.push(`deploy.yml/${id}: prod deploys only in environment prod (required reviewers)`);
    if (job.if?.replace(/\s+/g, " ") !== "startsWith(github.ref, 'refs/tags/v')") out.push(`deploy.yml/${id}: prod deploys only from tags v*`);
  }
  for (const [id, job] of deployJobs)
    if (
      !/npm ci\b/.test(
        stepsOf(job)
          .map((s) => s.run ?? "")
          .join("\n"),
      ) ||
      !runs(job, /npm run build\b/)
    )
      out.push(`deploy.yml/${id}: npm ci and npm run build before deploying`);
  return out;
}

/** What ci.yml must get right beyond the common rules. */
export function ciProblems(text: string): string[] {
  const out: string[] = [];
  const wf = parse(text) as Workflow;
  if (!("pull_request" in (wf.on ?? {}))) out.push("ci.yml: not on pull_request");
  if (JSON.stringify(wf.on?.push?.branches) !== '["main"]') out.push("ci.yml: not on push to main");
  const ciJobs = jobsOf(wf).filter(([, job]) => runs(job, /^\s*bash \.ci\/run\s*$/m));
  if (ciJobs.length !== 1) out.push("ci.yml: want exactly one job running `bash .ci/run`");
  for (const [id, job] of ciJobs) {
    const t = job["timeout-minutes"];
    if (!t || t > 90) out.push(`ci.yml/${id}: timeout-minutes must be at most 90 (got ${t})`);
    if (!stepsOf(job).some((s) => s.uses?.startsWith("actions/setup-node@") && s.with?.cache === "npm")) out.push(`ci.yml/${id}: npm cache`);
  }
  const diffJobs = jobsOf(wf).filter(([, job]) => runs(job, /\bsst\s+diff\b/));
  if (diffJobs.length !== 1) out.push("ci.yml: want exactly one diff job");
  for (const [id, job] of diffJobs) {
    if (!job.if?.includes("github.event_name == 'pull_request'")) out.push(`ci.yml/${id}: diff only on pull requests`);
    for (const [scope, level] of Object.entries({ "id-token": "write", contents: "read", "pull-requests": "write" }))
      if (permission(wf, job, scope) !== level) out.push(`ci.yml/${id}: permissions ${scope}: ${level}`);
    const roles = awsSteps(job).map((s) => String(s.with?.["role-to-assume"]));
    if (roles.length !== 1 || !roles[0]!.includes("AWS_DIFF_ROLE_ARN")) out.push(`ci.yml/${id}: diff with the read-only diff role`);
    if (!stepsOf(job).some((s) => /^(marocchino\/sticky-pull-request-comment|actions\/github-script)@/.test(s.uses ?? "")))
      out.push(`ci.yml/${id}: posts no PR comment`);
    if (!runs(job, /--stage dev\b/)) out.push(`ci.yml/${id}: diff of stage dev`);
  }
  if (jobsOf(wf).some(([, job]) => runs(job, /\bsst\s+deploy\b/))) out.push("ci.yml: deploys");
  return out;
}

describe(".github/workflows", () => {
  const files = workflowFiles();

  it("has the required workflows", () => {
    expect(missingWorkflows(files)).toEqual([]);
  });

  it.each(files.length ? files : REQUIRED_WORKFLOWS)("%s: parses, pins every action, no long-lived credentials, OIDC only", (name) => {
    expect(existsSync(join(DIR, name))).toBe(true);
    expect(problems(name, load(name).text)).toEqual([]);
  });

  it("ci.yml: .ci/run within 90 minutes; the dev diff on pull requests with the read-only role, as a comment", () => {
    expect(ciProblems(load("ci.yml").text)).toEqual([]);
  });

  it("deploy.yml: main → dev, tag v* → prod in environment prod, never cancelled, OIDC deploy role", () => {
    expect(deployProblems(load("deploy.yml").text)).toEqual([]);
  });

  it("runs CI and deploys on Node 22, the Lambda runtime", () => {
    const lambdaRuntime = readFileSync(join(ROOT, "infra/lambda-function.ts"), "utf8").match(/NODEJS_(\d+)_X/)?.[1];
    expect(lambdaRuntime).toBe("22");
    for (const name of REQUIRED_WORKFLOWS)
      for (const [, job] of jobsOf(load(name).wf)) {
        for (const s of stepsOf(job)) if (s.uses?.startsWith("actions/setup-node@")) expect(String(s.with?.["node-version"])).toBe(lambdaRuntime);
        if (job.container) expect(JSON.stringify(job.container)).toContain(`node:${lambdaRuntime}-`);
      }
  });

  describe("the checks catch what they are for", () => {
    const ci = load("ci.yml").text;
    const deploy = load("deploy.yml").text;

    it("a removed workflow", () => {
      expect(missingWorkflows(files.filter((f) => f !== "deploy.yml"))).toEqual(["deploy.yml"]);
    });

    it("an access key in a workflow, as an input, an env variable or a secret", () => {
      const gh = (expression: string) => `$\{{ ${expression} }}`;
      const withKey = deploy.replace(
        `role-to-assume: ${gh("vars.AWS_DEPLOY_ROLE_ARN")}`,
        `aws-access-key-id: ${gh("secrets.KEY_ID")}\n          aws-secret-access-key: ${gh("secrets.SECRET")}`,
      );
      expect(withKey).not.toBe(deploy);
      expect(problems("deploy.yml", withKey).join("\n")).toMatch(/long-lived AWS credentials/);
      const withEnv = deploy.replace("env:\n", `env:\n  AWS_SECRET_ACCESS_KEY: ${gh("secrets.X")}\n`);
      expect(problems("deploy.yml", withEnv).join("\n")).toMatch(/long-lived AWS credentials/);
    });

    it("an unpinned action, or a SHA without its version", () => {
      expect(problems("ci.yml", ci.replace(/actions\/checkout@[0-9a-f]{40} # v[\d.]+/, "actions/checkout@main")).join()).toMatch(/not pinned/);
      expect(problems("ci.yml", ci.replace(/(actions\/checkout@[0-9a-f]{40}) # v[\d.]+/, "$1")).join()).toMatch(/without a/);
    });

    it("AWS credentials without id-token: write", () => {
      expect(problems("ci.yml", ci.replace("id-token: write", "id-token: none")).join()).toMatch(/id-token: write/);
    });

    it("prod without its environment, dev on any branch, a cancellable deploy", () => {
      expect(deployProblems(deploy.replace("    environment:\n      name: prod\n", "")).join()).toMatch(/environment prod/);
      expect(deployProblems(deploy.replace("if: github.ref == 'refs/heads/main'", "if: always()")).join()).toMatch(/only from main/);
      expect(deployProblems(deploy.replace(/cancel-in-progress: false/g, "cancel-in-progress: true")).join()).toMatch(/must not be cancelled/);
      expect(deployProblems(deploy.replace('tags: ["v*"]', 'tags: ["*"]')).join()).toMatch(/tags/);
    });

    it("CI longer than 90 minutes, or not running .ci/run", () => {
      expect(ciProblems(ci.replace("timeout-minutes: 90", "timeout-minutes: 120")).join()).toMatch(/at most 90/);
      expect(ciProblems(ci.replace("run: bash .ci/run", "run: npm test")).join()).toMatch(/\.ci\/run/);
    });
  });
});

describe("renovate.json", () => {
  const config = JSON.parse(readFileSync(join(ROOT, "renovate.json"), "utf8")) as {
    $schema?: string;
    description?: string | string[];
    extends: string[];
    labels: string[];
    schedule?: string[];
    packageRules: Array<{
      matchPackageNames?: string[];
      groupName?: string;
      enabled?: boolean;
      matchUpdateTypes?: string[];
      dependencyDashboardApproval?: boolean;
    }>;
  };

  it("extends config:recommended, weekly, labelled dependencies", () => {
    expect(config.$schema).toBe("https://docs.renovatebot.com/renovate-schema.json");
    expect(config.extends).toContain("config:recommended");
    expect(config.extends.includes("schedule:weekly") || (config.schedule ?? []).some((s) => /week|monday|sunday/i.test(s))).toBe(true);
    expect(config.labels).toContain("dependencies");
    expect(Array.isArray(config.packageRules)).toBe(true);
  });

  it("groups the AWS SDK v3, and the CDK with SST", () => {
    const group = (names: string[]) => config.packageRules.find((r) => r.groupName && names.every((n) => r.matchPackageNames?.includes(n)));
    expect(group(["@aws-sdk/**", "@smithy/**"])?.groupName).toBeTruthy();
    expect(group(["aws-cdk-lib", "constructs", "sst"])?.groupName).toBeTruthy();
  });

  it("keeps aws-cdk-lib on the version SST v2 pins: no independent bumps, no SST v3", () => {
    expect([config.description].flat().join(" ")).toMatch(/aws-cdk-lib.*sst/i);
    expect(config.packageRules.some((r) => r.matchPackageNames?.includes("aws-cdk-lib") && r.dependencyDashboardApproval)).toBe(true);
    expect(config.packageRules.some((r) => r.matchPackageNames?.includes("sst") && r.matchUpdateTypes?.includes("major") && r.enabled === false)).toBe(true);
    const infra = JSON.parse(readFileSync(join(ROOT, "infra/package.json"), "utf8")) as { devDependencies: Record<string, string> };
    expect(infra.devDependencies["aws-cdk-lib"]).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
