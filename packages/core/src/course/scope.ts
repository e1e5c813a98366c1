import type { Session } from "../auth";
import { sessionGrants } from "../auth/scope";
import { VisibleError } from "../error";
import { Unit } from "../unit";
import { authoringList, notFound, type Meta } from "./store";

/** The nation's unit id: national courses belong to it, and a scope on it covers every province. */
export const NATION = "vn";

/** Who a course belongs to: the nation, or a province (docs/authoring.md). Courses from before owners existed are national. */
export const ownerOf = (meta: Pick<Meta, "owner">) => meta.owner ?? NATION;

/** The owner units (the nation or provinces) whose courses a person edits, and whose publish requests they review. */
export interface CourseScopes {
  edits: string[];
  reviews: string[];
}

/**
 * THE place that says who is a trainer or reviewer of what, from the person's grants (auth/scope.ts
 * `sessionGrants`: roles held per unit). A trainer grant at the nation or at a province edits and reviews that
 * scope's courses; an admin grant at the nation or a province reviews there; a super admin does everything. A
 * grant below a province (a commune's admin) gives no course scope.
 */
export async function courseScopes(session: Session): Promise<CourseScopes> {
  if (session.roles.includes("super-admin")) return { edits: [NATION], reviews: [NATION] };
  const grants = sessionGrants(session);
  const scoped = async (role: "trainer" | "admin") => {
    const owners = await Promise.all(grants.filter((grant) => grant.role === role).map((grant) => ownerUnitOf(grant.unitId)));
    return owners.filter((owner): owner is string => owner !== undefined);
  };
  const [trainer, admin] = await Promise.all([scoped("trainer"), scoped("admin")]);
  return { edits: [...new Set(trainer)], reviews: [...new Set([...trainer, ...admin])] };
}

/** The nation or province a unit id stands for, when it is one of them (a commune's admin has no course scope). */
async function ownerUnitOf(unitId: string): Promise<string | undefined> {
  if (unitId === NATION) return NATION;
  const unit = await Unit.get(unitId);
  return unit && unit.parentId === NATION ? unit.id : undefined;
}

/** The nation's scope covers every province's courses; a province's covers its own. */
/**
 * Whether learners under a unit (its lineage, nation first) are offered a course: published, not a trainer's
 * `test`, and national or owned by a unit of that lineage (their province).
 */
export const offeredUnder = (meta: Pick<Meta, "owner" | "latestVersion" | "curriculum">, lineage: readonly string[]) =>
  meta.latestVersion > 0 && meta.curriculum !== "test" && (ownerOf(meta) === NATION || lineage.includes(ownerOf(meta)));

export const covers = (units: readonly string[], owner: string) => units.includes(NATION) || units.includes(owner);

/** Where a new course of this person goes when they do not say: their own scope, the widest first. */
export const homeOwner = (scopes: CourseScopes) => (scopes.edits.includes(NATION) ? NATION : scopes.edits[0]);

/** May this person see the course in authoring? National courses are open to every trainer (to read and duplicate). */
export const mayRead = (scopes: CourseScopes, meta: Pick<Meta, "owner">) =>
  ownerOf(meta) === NATION ? scopes.edits.length + scopes.reviews.length > 0 : covers([...scopes.edits, ...scopes.reviews], ownerOf(meta));

/** Throws 404 for a course this person may not even read (another province's), 403 for one they may only read. */
export function assertMayEdit(scopes: CourseScopes, meta: Pick<Meta, "owner">) {
  if (covers(scopes.edits, ownerOf(meta))) return;
  if (mayRead(scopes, meta)) throw new VisibleError("course.out_of_scope");
  throw notFound();
}

export function assertMayRead(scopes: CourseScopes, meta: Pick<Meta, "owner">) {
  if (!mayRead(scopes, meta)) throw notFound();
}

/** A new course may go to a scope the person edits in. */
export function assertMayOwn(scopes: CourseScopes, owner: string) {
  if (!covers(scopes.edits, owner)) throw new VisibleError("course.out_of_scope", "You cannot create courses in this scope.");
}

/** The owners whose courses a learner's catalogue lists: the nation's, and their own province's. */
export async function learnerOwners(unitId: string | null): Promise<string[]> {
  if (!unitId) return [NATION];
  const unit = await Unit.get(unitId);
  const province = unit ? Unit.lineage(unit)[1] : undefined;
  return province && Unit.lineage(unit!)[0] === NATION ? [NATION, province] : [NATION];
}

/** The courses a person sees in authoring: those of their scopes, and every national one (read-only outside theirs). */
export async function authoringCourses(scopes: CourseScopes): Promise<(Meta & { owner: string; mayEdit: boolean })[]> {
  return (await authoringList())
    .filter((meta) => mayRead(scopes, meta))
    .map((meta) => ({ ...meta, owner: ownerOf(meta), mayEdit: covers(scopes.edits, ownerOf(meta)) }));
}
