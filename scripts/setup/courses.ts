import { existsSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Course } from "../../packages/core/src/course";
import { checkCourseFolder } from "../../packages/core/src/curriculum/check";
import { Seed } from "../../packages/core/src/seed";

export const summary =
  "publish the shipped courses (content/courses), all or those named, as `system` with no second approver (they are reviewed in the repository), media to BUCKET_NAME on AWS [--dir <folder>] [--replace]";

const SHIPPED = fileURLToPath(new URL("../../content/courses", import.meta.url));

const USAGE = [
  "Usage: npm run setup -- courses [<course>…] [--dir <folder>] [--replace]",
  "  <course>    a course folder's name, e.g. public-services payments (default: every course in the folder)",
  "  --dir       the curriculum folder (default content/courses)",
  "  --replace   also publish over a course someone has edited in the app since it was loaded",
  "On AWS: TABLE_NAME and BUCKET_NAME (the stage's TableName and BucketName outputs: lesson pictures go to the bucket",
  "the API reads them from) and AWS_REGION, with credentials that may write both.",
].join("\n");

interface Options {
  dir: string;
  names: string[];
  replace: boolean;
  help: boolean;
}

function parse(args: string[]): Options {
  const options: Options = { dir: SHIPPED, names: [], replace: false, help: false };
  for (let at = 0; at < args.length; at++) {
    const arg = args[at]!;
    if (arg === "--replace") options.replace = true;
    else if (arg === "--help" || arg === "-h") options.help = true;
    else if (arg === "--dir") {
      const value = args[++at];
      if (!value || value.startsWith("--")) throw new Error(`--dir needs a folder\n\n${USAGE}`);
      options.dir = resolve(value);
    } else if (arg.startsWith("-")) throw new Error(`Unknown option: ${arg}\n\n${USAGE}`);
    else if (!options.names.includes(arg)) options.names.push(arg);
  }
  return options;
}

/**
 * A deployed table with no bucket would send the pictures to a folder on this machine while the courses
 * point at them: the API (which reads BUCKET_NAME, packages/core/src/storage) would then serve broken images.
 */
function assertMediaStore() {
  const deployed = !!process.env.TABLE_NAME && !process.env.DYNAMODB_ENDPOINT;
  if (deployed && !process.env.BUCKET_NAME) {
    throw new Error(
      "A deployed stage needs BUCKET_NAME (the stage's BucketName output): the courses' pictures go to the bucket the API reads them from. Nothing was written.",
    );
  }
}

/** Who, other than this command (the system), last changed the course in the stage, if anyone. */
async function editedBy(courseId: string, latest: Course.Version | undefined): Promise<string | undefined> {
  const draft = await Course.getDraft(courseId);
  return [latest?.publishedBy, draft?.updatedBy].find((userId) => userId && userId !== Seed.SYSTEM_ACTOR.userId);
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/**
 * `npm run setup -- courses [<course>…]`: publishes the shipped curriculum into the stage exactly as `npm start`
 * seeds it (Seed.course → Course.importBundle): media into the stage's object store, the draft, then a version
 * with its questions and catalogue card when the content differs from the latest version.
 *
 * Four-eyes: the shipped courses issue certificates, so in the app a second person approves each version. Like
 * the seed, this publishes them as `system` without a publish request: they are reviewed in the repository and
 * pass the content check (`npm run check:content`) here before anything is written. A course someone has since
 * edited or published in the app is left alone unless --replace is given, so a re-run never undoes reviewed work.
 *
 * Safe to repeat: an unchanged course is reported and skipped (its media are stored by content hash, so nothing
 * is written); a changed one gets a new version, as a trainer's republish would.
 */
export async function run(args: string[]): Promise<void> {
  const options = parse(args);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  assertMediaStore();
  if (!existsSync(options.dir)) throw new Error(`No curriculum folder at ${options.dir}.`);
  const available = readdirSync(options.dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
  const unknown = options.names.filter((name) => !available.includes(name));
  if (unknown.length) {
    throw new Error(
      `Unknown course${unknown.length === 1 ? "" : "s"}: ${unknown.join(", ")}. The courses in ${options.dir}: ${available.join(", ")}. Nothing was written.`,
    );
  }
  const names = options.names.length ? options.names : available;
  if (!names.length) throw new Error(`No course folders in ${options.dir}.`);

  // Every course passes the content check before the first one is written: a bad one stops the whole run.
  const checks = names.map((name) => ({ name, folder: join(options.dir, name), check: checkCourseFolder(join(options.dir, name)) }));
  const bad = checks.filter(({ check }) => check.problems.length);
  if (bad.length) {
    const lines = bad.flatMap(({ name, check }) => [`  ${name}:`, ...check.problems.map((problem) => `    ✗ ${problem}`)]);
    const shown = (folder: string) => (relative(process.cwd(), folder).startsWith("..") ? folder : relative(process.cwd(), folder));
    const folders = bad.map(({ folder }) => shown(folder)).join(" ");
    throw new Error(
      [
        `${plural(bad.length, "course")} ${bad.length === 1 ? "breaks" : "break"} the content rules; nothing was written:`,
        ...lines,
        `Check them with: npm run check:content -- ${folders}`,
      ].join("\n"),
    );
  }

  const tally = { loaded: 0, updated: 0, current: 0, kept: 0 };
  for (const { folder, check } of checks) {
    const counts = `${plural(check.modules, "module")}, ${plural(check.questions, "question")}`;
    const meta = await Course.getMeta(check.id);
    const latest = meta?.versionCount ? await Course.getVersion(check.id, meta.versionCount) : undefined;
    const someoneElse = meta ? await editedBy(check.id, latest) : undefined;
    if (someoneElse && !options.replace) {
      tally.kept++;
      console.log(
        `  ${check.id}: kept as it is (v${meta!.versionCount}): changed in the app by ${someoneElse} since it was loaded; --replace publishes the shipped content (${counts}) over it`,
      );
      continue;
    }
    const result = await Seed.course(folder);
    if (!result.published) {
      tally.current++;
      const withdrawn = latest?.withdrawn ? ", withdrawn in the app: not published again" : "";
      console.log(`  ${check.id}: already up to date, v${result.version}${withdrawn} (${counts})`);
    } else if (result.version === 1) {
      tally.loaded++;
      console.log(`  ${check.id}: loaded, v1 (${counts})`);
    } else {
      tally.updated++;
      console.log(`  ${check.id}: new version v${result.version}, replacing v${result.version - 1} (${counts})`);
    }
  }
  const parts = [
    `${tally.loaded} loaded`,
    `${tally.updated} new ${tally.updated === 1 ? "version" : "versions"}`,
    `${tally.current} already up to date`,
    ...(tally.kept ? [`${tally.kept} kept as edited in the app`] : []),
  ];
  console.log(`${plural(checks.length, "course")}: ${parts.join(", ")}.`);
}
