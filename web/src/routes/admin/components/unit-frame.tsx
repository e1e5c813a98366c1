import type { Unit } from "@kns/core/model";
import { A } from "@solidjs/router";
import { createMemo, For, Show, type JSX } from "solid-js";
import { useMessages, usePageTitle } from "../../../i18n";
import { useSession } from "../../../lib/session";
import { rememberUnits, unitInfo, useAdminApi, type UnitWithChildren } from "../lib/admin-api";
import { describeError, isNotFound } from "../lib/errors";
import { createLoader } from "../../../lib/load";
import { holdsMembers, isAdmin, reviewsCourses } from "../lib/roles";
import { adminMessages } from "../messages";
import { ArchivedNotice, isArchived, useReorganiseSection } from "../reorganise-frame";
import "../admin.css";

/** The admin area's page box: wider than the learner's column on a laptop (see admin.css). */
export function AdminPage(props: { children: JSX.Element }) {
  return <div class="admin">{props.children}</div>;
}

export function NotFound(props: { message?: string }) {
  const t = useMessages(adminMessages);
  usePageTitle(() => t("notFound.title"));
  return (
    <section class="admin-message" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t("notFound.title")}</h1>
      <p>{props.message ?? t("notFound.body")}</p>
      <p>
        <A href="/admin" class="button button--secondary button--inline">
          {t("notFound.back")}
        </A>
      </p>
    </section>
  );
}

export function LoadError(props: { error: unknown; onRetry: () => void }) {
  const t = useMessages(adminMessages);
  return (
    <div class="admin-error" role="alert">
      <p>{describeError(props.error, t)}</p>
      <button type="button" class="button button--secondary button--inline" onClick={() => props.onRetry()}>
        {t("action.retry")}
      </button>
    </div>
  );
}

/** Ancestors from the top of the person's own scope down to the unit (a link too when a sub-page is open). */
function Breadcrumbs(props: { unit: Unit; subPage: boolean }) {
  const t = useMessages(adminMessages);
  const session = useSession();
  const api = useAdminApi();
  const chain = createMemo(() => {
    const ids = props.unit.path.split("/").filter(Boolean);
    const from = ids.indexOf(session.user()?.unitId ?? "");
    return from === -1 ? [] : ids.slice(from, props.subPage ? undefined : -1);
  });
  const ancestors = createLoader(chain, async (ids) => {
    const userId = session.user()?.id ?? "";
    const units = await Promise.all(ids.map((id) => unitInfo(api, userId, id)));
    return units.filter((unit): unit is Unit => Boolean(unit));
  });
  return (
    <Show when={chain().length}>
      <nav class="breadcrumbs" aria-label={t("nav.breadcrumbs")}>
        <ol>
          <For each={ancestors.data() ?? []}>
            {(unit) => (
              <li>
                <A href={`/admin/units/${encodeURIComponent(unit.id)}`}>{unit.name}</A>
              </li>
            )}
          </For>
          <Show when={!props.subPage}>
            <li aria-current="page">{props.unit.name}</li>
          </Show>
        </ol>
      </nav>
    </Show>
  );
}

/** The unit's sections; the router marks the open one (aria-current="page"). */
function SectionNav(props: { unit: Unit }) {
  const t = useMessages(adminMessages);
  const session = useSession();
  const base = () => `/admin/units/${encodeURIComponent(props.unit.id)}`;
  const reorganise = useReorganiseSection(() => props.unit);
  const items = createMemo(() => {
    const admin = isAdmin(session.user());
    const all: { href: string; label: string; show: boolean }[] = [
      { href: base(), label: t("nav.overview"), show: true },
      { href: `${base()}/search`, label: t("nav.search"), show: admin },
      { href: `${base()}/units`, label: t("nav.units"), show: admin && !holdsMembers(props.unit.kind) },
      // Counted for the nation and each province only (analytics/): a commune or team has none of its own.
      { href: `${base()}/analytics`, label: t("nav.analytics"), show: admin && (props.unit.kind === "nation" || props.unit.kind === "province") },
      // Which skills the unit's members learned: admins over it and a team's own leader, like its field work.
      { href: `${base()}/competences`, label: t("nav.competences"), show: true },
      { href: `${base()}/manage`, label: t("nav.manage"), show: admin },
      { href: `${base()}/join-code`, label: t("nav.joinCode"), show: holdsMembers(props.unit.kind) },
      { href: `${base()}/campaigns`, label: t("nav.campaigns"), show: true },
      { href: `${base()}/ranking`, label: t("nav.ranking"), show: admin && props.unit.kind === "commune" },
      { href: `${base()}/staff`, label: t("nav.staff"), show: admin },
      { href: `${base()}/audit`, label: t("nav.audit"), show: admin },
      reorganise(),
    ];
    return all.filter((item) => item.show);
  });
  return (
    <Show when={items().length > 1}>
      <nav class="section-nav no-print" aria-label={t("nav.sections")}>
        <ul>
          <For each={items()}>
            {(item) => (
              <li>
                <A href={item.href} end activeClass="section-nav__current">
                  {item.label}
                </A>
              </li>
            )}
          </For>
        </ul>
      </nav>
    </Show>
  );
}

/**
 * The way into the review queue (/trainer/reviews) for those who review publish requests: admins of the nation or
 * of a province. Their own unit's kind says so; it is usually known already (the screen they landed on).
 */
function ReviewLink(props: { unit: Unit }) {
  const t = useMessages(adminMessages);
  const session = useSession();
  const api = useAdminApi();
  const ownKind = createLoader(
    () => (session.user()?.roles.includes("admin") ? (session.user()?.unitId ?? undefined) : undefined),
    async (ownId) => (ownId === props.unit.id ? props.unit : await unitInfo(api, session.user()?.id ?? "", ownId))?.kind,
  );
  return (
    <Show when={reviewsCourses(session.user(), ownKind.data())}>
      <p class="unit-reviews no-print">
        <A href="/trainer/reviews" class="button button--secondary button--inline">
          {t("nav.reviews")}
        </A>
      </p>
    </Show>
  );
}

/**
 * Every unit screen: loads the unit (404 outside the person's scope becomes a plain "not found"), then shows
 * where it sits, its name, the unit's sections, and the screen's own content.
 */
export function UnitFrame(props: {
  unitId: string;
  /** A page below one of the unit's sections (a member): the unit's name in the breadcrumbs becomes a link. */
  subPage?: boolean;
  /** Gets the unit as an accessor, so a reload updates the screen in place instead of rebuilding it. */
  children: (unit: () => UnitWithChildren, reload: () => Promise<void>) => JSX.Element;
}) {
  const t = useMessages(adminMessages);
  const session = useSession();
  const api = useAdminApi();
  const unit = createLoader(
    () => props.unitId,
    async (id) => {
      const found = await api.unit(id);
      rememberUnits(session.user()?.id ?? "", [found, ...found.children]);
      return found;
    },
  );
  return (
    <AdminPage>
      <Show
        when={unit.data()}
        fallback={
          <Show when={unit.error()} fallback={<p class="loading">{t("app.loading")}</p>}>
            {(error) => (isNotFound(error()) ? <NotFound /> : <LoadError error={error()} onRetry={() => void unit.reload()} />)}
          </Show>
        }
      >
        {(current) => (
          <>
            <div class="no-print">
              <Breadcrumbs unit={current()} subPage={Boolean(props.subPage)} />
            </div>
            <header class="unit-header">
              <h1>{current().name}</h1>
              <p class="muted">{t("unit.kindAndCode", { kind: t(`unitKind.${current().kind}`), code: current().code })}</p>
            </header>
            {/* An archived unit offers nothing to act on: its page says where it went. */}
            <Show when={!isArchived(current())} fallback={<ArchivedNotice unit={current()} />}>
              <ReviewLink unit={current()} />
              <SectionNav unit={current()} />
              {props.children(current, unit.reload)}
            </Show>
          </>
        )}
      </Show>
    </AdminPage>
  );
}
