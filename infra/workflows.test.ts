import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { DEPLOY_SESSION_HOURS } from "./deploy-role";
import { DEFAULT_REGION, EDGE_REGION } from "./stage-settings";
import { DEFAULT_BACKUP_COPY_REGION } from "./storage";

/**
 * The GitHub Actions setup (.github/workflows, renovate.json) is checked here because nothing else runs it before
 * it runs for real: each workflow parses, has its required jobs, pins every action, gets AWS credentials only through
 * OIDC, and deploys prod only from a tag in the approved `prod` environment, each stage's three stacks in their
 * three regions in order. `problems()` returns what is wrong, so the tests at the end can show that a removed
 * workflow, an added access key or a missing region is caught.
 */
const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
const DIR = join(ROOT, ".github/workflows");
export const REQUIRED_WORKFLOWS = ["ci.yml", "deploy.yml"];

type Step = {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  name?: string;
  env?: Record<string, unknown>;
  if?: string;
  "continue-on-error"?: unknown;
};
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
  env?: Record<string, unknown>;
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

/**
 * The stage parameters (infra/stage-settings.ts) that every deploy and diff job sets for all its steps from the
 * GitHub variables of the same names, with stage-settings' defaults: SST reads KNS_REGION before any `.env` file,
 * and each of a stage's runs must see the same values.
 */
const STAGE_PARAMETERS: Record<string, string | undefined> = {
  KNS_REGION: DEFAULT_REGION,
  KNS_BACKUP_COPY_REGION: DEFAULT_BACKUP_COPY_REGION,
  KNS_DOMAIN: undefined,
  KNS_HOSTED_ZONE_ID: undefined,
  KNS_HOSTED_ZONE_NAME: undefined,
  KNS_GEO_ALLOW: undefined,
  KNS_ALARM_EMAIL: undefined,
  // Without these a deploy from Actions would switch SMS and Zalo off (and schedule the Zalo secret's deletion), or
  // put a stage running on a restored table back on its own empty one (docs/deploy.md, docs/restore.md).
  KNS_SMS_ORIGINATION_IDENTITY: undefined,
  KNS_SMS_CONFIGURATION_SET: undefined,
  KNS_ZALO_ZNS_TEMPLATES: undefined,
  KNS_RESTORED_TABLE: undefined,
};

function stageEnvProblems(where: string, job: Job): string[] {
  const out: string[] = [];
  for (const [name, fallback] of Object.entries(STAGE_PARAMETERS)) {
    const want = fallback ? `\${{ vars.${name} || '${fallback}' }}` : `\${{ vars.${name} }}`;
    const got = job.env?.[name];
    if (typeof got !== "string" || got.replace(/\s+/g, " ").trim() !== want) out.push(`${where}: job env ${name} must be ${want}, got ${got}`);
    for (const [i, step] of stepsOf(job).entries())
      if (step.env && name in step.env) out.push(`${where}/step ${i + 1}: sets ${name} for one step; the stage parameters are the job's`);
  }
  return out;
}

/** A stage's regions in deploy order (docs/deploy.md): the edge, the backup copy vault, the platform. */
const REGION_ORDER = [EDGE_REGION, "$KNS_BACKUP_COPY_REGION", "$KNS_REGION"];

/**
 * Every `sst <verb>` command of a job (not a mention in an echo): its stage, its region (`$NAME` for a
 * variable; without `--region` SST takes sst.config.ts's region, KNS_REGION) and the step it is in.
 */
function sstRuns(job: Job, verb: "deploy" | "diff") {
  const command = new RegExp(`^\\s*(?:npx\\s+)?sst\\s+${verb}\\b`);
  return stepsOf(job).flatMap((step, index) =>
    (step.run ?? "")
      .split(/\n|;|&&/)
      .filter((line) => command.test(line))
      .map((line) => {
        const region = line
          .match(/--region[= ](\S+)/)?.[1]
          ?.replace(/^["']|["']$/g, "")
          .replace(/^\$\{(\w+)\}$/, "$$$1");
        return { stage: line.match(/--stage[= ](\S+)/)?.[1], region: region ?? "$KNS_REGION", index, step };
      }),
  );
}

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
      if (!/^\$\{\{\s*env\.KNS_REGION\s*\}\}$/.test(String(w["aws-region"])))
        out.push(`${name}/${id}: aws-region must be the stage's main region, \${{ env.KNS_REGION }}`);
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
  const stages = (job: Job) => [...new Set(sstRuns(job, "deploy").map((d) => d.stage))];
  const byStage = (stage: string) => deployJobs.filter(([, job]) => stages(job).includes(stage));
  for (const [id, job] of deployJobs) {
    if (stages(job).length !== 1 || !stages(job)[0]) out.push(`deploy.yml/${id}: every sst deploy of a job names the same one --stage`);
    const deploys = sstRuns(job, "deploy");
    const order = deploys.map((d) => d.region);
    if (order.join() !== REGION_ORDER.join())
      out.push(
        `deploy.yml/${id}: deploys to ${order.join(", ")}; want the edge (${EDGE_REGION}), the backup copy vault, then the platform: ${REGION_ORDER.join(", ")}`,
      );
    // GitHub skips the steps after a failed one unless a step opts out: so one deploy per step (which also shows
    // each region's outcome in the run), and no opting out.
    if (new Set(deploys.map((d) => d.index)).size !== deploys.length)
      out.push(`deploy.yml/${id}: one sst deploy per step, so that a failed one visibly stops the next`);
    for (const { step } of deploys) {
      if (step["continue-on-error"] !== undefined && step["continue-on-error"] !== false)
        out.push(`deploy.yml/${id}: continue-on-error on "${step.name}": a failed deploy must stop the ones after it`);
      if (step.if) out.push(`deploy.yml/${id}: \`if\` on "${step.name}": a deploy step runs only when every step before it succeeded`);
      if (/\|\|\s*true\b|\bset \+e\b/.test(step.run ?? "")) out.push(`deploy.yml/${id}: "${step.name}" ignores a failed deploy`);
    }
    const credentials = stepsOf(job).findIndex((s) => s.uses?.startsWith(`${AWS_ACTION}@`));
    if (credentials < 0 || deploys.some((d) => d.index < credentials)) out.push(`deploy.yml/${id}: AWS credentials before the first deploy`);
    // The three deploys share one session: it must outlast the job and stay within the role's maximum.
    const session = Number(awsSteps(job)[0]?.with?.["role-duration-seconds"]);
    const timeout = Number(job["timeout-minutes"]) * 60;
    if (!(session >= timeout && session <= DEPLOY_SESSION_HOURS * 3600))
      out.push(
        `deploy.yml/${id}: role-duration-seconds ${session} must outlast the job (${timeout} s) and stay within the deploy role's ${DEPLOY_SESSION_HOURS} h`,
      );
    out.push(...stageEnvProblems(`deploy.yml/${id}`, job));
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
    // Every region's stacks: the WAF and the certificate change in the edge stack, the copy vault in its own.
    const diffs = sstRuns(job, "diff");
    if (diffs.some((d) => d.stage !== "dev")) out.push(`ci.yml/${id}: every sst diff is of stage dev`);
    const regions = diffs.map((d) => d.region);
    if ([...regions].sort().join() !== [...REGION_ORDER].sort().join())
      out.push(`ci.yml/${id}: diffs ${regions.join(", ")}; want one per region of the stage: ${REGION_ORDER.join(", ")}`);
    // Each region in a step of its own that does not stop the others; each one's output in the comment, and each
    // one's failure failing the job.
    const later = (index: number) => stepsOf(job).slice(index + 1);
    for (const { step, index, region } of diffs) {
      if (step["continue-on-error"] !== true) out.push(`ci.yml/${id}: the ${region} diff must not stop the other regions' (continue-on-error: true)`);
      const log = step.run?.match(/(?:\btee|>)\s+(\S+\.log)\b/)?.[1];
      if (!log || !later(index).some((s) => s.run?.includes(log))) out.push(`ci.yml/${id}: the ${region} diff's output is not in the comment`);
      const outcome = `steps.${step.id}.outcome`;
      if (!step.id || !later(index).some((s) => s.if?.includes(outcome) && /^\s*exit 1\s*$/.test(s.run ?? "")))
        out.push(`ci.yml/${id}: a failed ${region} diff must fail the job`);
    }
    out.push(...stageEnvProblems(`ci.yml/${id}`, job));
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

  it("runs CI and deploys on Node 24, the Lambda runtime", () => {
    const lambdaRuntime = readFileSync(join(ROOT, "infra/lambda-function.ts"), "utf8").match(/NODEJS_(\d+)_X/)?.[1];
    expect(lambdaRuntime).toBe("24");
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

    const ghExpression = (expression: string) => `$\{{ ${expression} }}`;
    /** The workflow with `change` applied to its parsed form, as text again. */
    const edit = (text: string, change: (wf: Workflow) => void) => {
      const wf = parse(text) as Workflow;
      change(wf);
      return stringify(wf);
    };
    const jobIn = (wf: Workflow, id: string) => wf.jobs![id]!;
    /** The index of the step whose `run` matches. */
    const stepWith = (job: Job, pattern: RegExp) => {
      const index = stepsOf(job).findIndex((s) => pattern.test(s.run ?? ""));
      expect(index).toBeGreaterThanOrEqual(0);
      return index;
    };
    const EDGE_DEPLOY = /sst deploy --stage \w+ --region us-east-1/;
    const COPY_DEPLOY = /sst deploy --stage \w+ --region "\$KNS_BACKUP_COPY_REGION"/;
    const MAIN_DEPLOY = /sst deploy --stage \w+\s*$/;

    it("deploys each stage's three stacks, edge, copy vault, platform, in that order", () => {
      // The round trip through the parser alone leaves nothing to report: what an edit below reports is the edit's.
      expect(deployProblems(edit(deploy, () => {}))).toEqual([]);
      for (const id of ["dev", "prod"]) {
        const [edgeStep, copyStep, mainStep] = (() => {
          const job = jobIn(parse(deploy) as Workflow, id);
          return [stepWith(job, EDGE_DEPLOY), stepWith(job, COPY_DEPLOY), stepWith(job, MAIN_DEPLOY)];
        })();
        expect(edgeStep < copyStep && copyStep < mainStep).toBe(true);
        for (const gone of [edgeStep, copyStep, mainStep]) {
          const without = edit(deploy, (wf) => jobIn(wf, id).steps!.splice(gone, 1));
          expect(deployProblems(without).join("\n")).toMatch(new RegExp(`deploy.yml/${id}: deploys to .*; want the edge`));
        }
        const swapped = edit(deploy, (wf) => {
          const steps = jobIn(wf, id).steps!;
          [steps[copyStep], steps[mainStep]] = [steps[mainStep]!, steps[copyStep]!];
        });
        expect(deployProblems(swapped).join("\n")).toMatch(
          new RegExp(`deploy.yml/${id}: deploys to us-east-1, \\$KNS_REGION, \\$KNS_BACKUP_COPY_REGION; want`),
        );
        const edgeLast = edit(deploy, (wf) => {
          const steps = jobIn(wf, id).steps!;
          steps.push(...steps.splice(edgeStep, 1));
        });
        expect(deployProblems(edgeLast).join("\n")).toMatch(/want the edge/);
        const wrongRegion = edit(deploy, (wf) => {
          jobIn(wf, id).steps![copyStep]!.run = `npx sst deploy --stage ${id} --region "$KNS_REGION"`;
        });
        expect(deployProblems(wrongRegion).join("\n")).toMatch(/want the edge/);
      }
    });

    it("stops at the first failed deploy", () => {
      const oneStep = edit(deploy, (wf) => {
        const steps = jobIn(wf, "dev").steps!;
        const edge = stepWith(jobIn(wf, "dev"), EDGE_DEPLOY);
        const runs = steps.splice(edge, 3).map((s) => s.run);
        steps.splice(edge, 0, { name: "deploy", run: runs.join("; ") });
      });
      // `a; b` in a step runs b whatever a did, unless the shell has -e: one deploy per step leaves no doubt.
      expect(deployProblems(oneStep).join("\n")).toMatch(/one sst deploy per step/);
      const goesOn = edit(deploy, (wf) => {
        jobIn(wf, "prod").steps![stepWith(jobIn(wf, "prod"), EDGE_DEPLOY)]!["continue-on-error"] = true;
      });
      expect(deployProblems(goesOn).join("\n")).toMatch(/deploy.yml\/prod: continue-on-error .*must stop the ones after it/);
      const always = edit(deploy, (wf) => {
        jobIn(wf, "dev").steps![stepWith(jobIn(wf, "dev"), MAIN_DEPLOY)]!.if = "always()";
      });
      expect(deployProblems(always).join("\n")).toMatch(/deploy.yml\/dev: `if` on/);
      const ignored = edit(deploy, (wf) => {
        const step = jobIn(wf, "dev").steps![stepWith(jobIn(wf, "dev"), COPY_DEPLOY)]!;
        step.run = `${step.run} || true`;
      });
      expect(deployProblems(ignored).join("\n")).toMatch(/ignores a failed deploy/);
    });

    it("a deploy job without a stage parameter, with another default than infra/stage-settings.ts, or with one set per step", () => {
      for (const id of ["dev", "prod"])
        for (const name of Object.keys(STAGE_PARAMETERS)) {
          const without = edit(deploy, (wf) => delete jobIn(wf, id).env![name]);
          expect(deployProblems(without).join("\n")).toMatch(new RegExp(`deploy.yml/${id}: job env ${name} must be`));
        }
      const otherDefault = deploy.replace(`vars.KNS_BACKUP_COPY_REGION || '${DEFAULT_BACKUP_COPY_REGION}'`, "vars.KNS_BACKUP_COPY_REGION || 'ap-southeast-1'");
      expect(otherDefault).not.toBe(deploy);
      expect(deployProblems(otherDefault).join("\n")).toMatch(/job env KNS_BACKUP_COPY_REGION must be/);
      const noDefault = deploy.replace(`vars.KNS_REGION || '${DEFAULT_REGION}'`, "vars.KNS_REGION");
      expect(deployProblems(noDefault).join("\n")).toMatch(/job env KNS_REGION must be/);
      const perStep = edit(deploy, (wf) => {
        const job = jobIn(wf, "dev");
        job.steps![stepWith(job, MAIN_DEPLOY)]!.env = { KNS_ALARM_EMAIL: ghExpression("vars.KNS_ALARM_EMAIL") };
      });
      expect(deployProblems(perStep).join("\n")).toMatch(/sets KNS_ALARM_EMAIL for one step/);
      const otherRegion = deploy.replace(`aws-region: ${ghExpression("env.KNS_REGION")}`, `aws-region: ${ghExpression("vars.AWS_REGION")}`);
      expect(otherRegion).not.toBe(deploy);
      expect(problems("deploy.yml", otherRegion).join()).toMatch(/aws-region must be the stage's main region/);
    });

    it("credentials that end before the job, or outlast the deploy role's maximum session", () => {
      const short = deploy.replace("role-duration-seconds: 7200", "role-duration-seconds: 3600");
      expect(short).not.toBe(deploy);
      expect(deployProblems(short).join()).toMatch(/deploy.yml\/dev: role-duration-seconds 3600 must outlast the job/);
      const long = deploy.replace(/role-duration-seconds: 7200/g, `role-duration-seconds: ${DEPLOY_SESSION_HOURS * 3600 + 1}`);
      expect(deployProblems(long).join()).toMatch(/deploy.yml\/prod: role-duration-seconds \d+ must .*stay within/);
    });

    it("a pull-request diff that leaves out a region, stops at the first failure, or leaves a region out of the comment", () => {
      const diffStep = (wf: Workflow, region: RegExp) => {
        const job = jobIn(wf, "diff");
        const index = stepsOf(job).findIndex((s) => /sst diff/.test(s.run ?? "") && region.test(s.run ?? ""));
        expect(index).toBeGreaterThanOrEqual(0);
        return { job, index, step: job.steps![index]! };
      };
      expect(ciProblems(edit(ci, () => {}))).toEqual([]);
      const EDGE = /--region us-east-1/;
      const COPY = /--region "\$KNS_BACKUP_COPY_REGION"/;
      const MAIN = /sst diff --stage dev 2>&1/;
      for (const region of [EDGE, COPY, MAIN]) {
        const without = edit(ci, (wf) => {
          const { job, index } = diffStep(wf, region);
          job.steps!.splice(index, 1);
        });
        expect(ciProblems(without).join("\n")).toMatch(/want one per region of the stage/);
      }
      const stops = edit(ci, (wf) => delete diffStep(wf, COPY).step["continue-on-error"]);
      expect(ciProblems(stops).join("\n")).toMatch(/the \$KNS_BACKUP_COPY_REGION diff must not stop the other regions'/);
      const notInComment = ci.replace(/section "Platform[^\n]*\n/, "");
      expect(notInComment).not.toBe(ci);
      expect(ciProblems(notInComment).join("\n")).toMatch(/the \$KNS_REGION diff's output is not in the comment/);
      const notFailing = edit(ci, (wf) => {
        const fail = jobIn(wf, "diff").steps!.find((s) => s.run === "exit 1")!;
        fail.if = "steps.main.outcome != 'success'";
      });
      expect(ciProblems(notFailing).join("\n")).toMatch(/a failed us-east-1 diff must fail the job/);
      const noGeo = edit(ci, (wf) => delete jobIn(wf, "diff").env!.KNS_GEO_ALLOW);
      expect(ciProblems(noGeo).join("\n")).toMatch(/ci.yml\/diff: job env KNS_GEO_ALLOW must be/);
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
